"""A Python instance method called on its class from another module: a call that gives it no `self`.

`Refs.ref("data")` after `from refs import Refs`, where refs.py defines `def ref(self, name)`, is a TypeError at run
time, and `Refs.ref(r, "net")` gives `self` explicitly: binding the call's arguments to the method's parameters (its
`self` left out, `Site.params`) would read the name from the wrong argument, a wrong edge. In its own module such a
call is not followed (frontends/python/methods.py); across modules the linker does the same here: the call binds
each parameter unknown, saying why. A call on an instance (`Refs().ref(..)`, `refs = Refs()` then `refs.ref(..)`,
`Call.on_instance`: frontends/python/instances.py) gives the method its `self` and is followed; static and class
methods are not instance methods (`Site.instance` is not set).
"""

from __future__ import annotations

import dataclasses

from stackgraph.inference import ir


def given(site: ir.Site, file: str, call: ir.Call) -> ir.Call:
    """`call` (in `file`) as it binds the helper holding `site`: unchanged, or, when the helper is an instance method
    and the call one of another module made on its class, a call with every parameter unknown, saying why."""
    if not site.instance or call.on_instance or not isinstance(call.callee, ir.Import):
        return call
    if any(k == "*" for k, _ in call.kwargs):  # already no argument known, saying why (a method handed on, ...)
        return call
    why = f"`{site.func}()` at {file}:{call.line}: {site.func} is an instance method, called on a class (not followed)"
    return dataclasses.replace(call, args=(), kwargs=(("*", ir.Unknown(why)),), fields=())
