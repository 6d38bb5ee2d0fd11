"""app/envs.py without the engine: a Ctrl-C during the creation of an environment's stacks waits for it to end."""

from __future__ import annotations

import os
import signal

import pytest

from stackgraph.app.envs import hold_interrupts


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_creation_is_held_until_the_block_ends_then_interrupts(sig: signal.Signals) -> None:
    before = signal.getsignal(sig)
    finished = []
    with pytest.raises(KeyboardInterrupt), hold_interrupts():
        os.kill(os.getpid(), sig)
        finished.append("every stack created and tagged")
    assert finished == ["every stack created and tagged"]
    assert signal.getsignal(sig) is before  # the handler is given back


def test_without_a_signal_nothing_is_raised() -> None:
    with hold_interrupts():
        pass
