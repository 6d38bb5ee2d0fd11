"""`python -m stackgraph`."""

from stackgraph.cli.main import main

if __name__ == "__main__":
    main()
