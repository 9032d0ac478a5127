"""Regie's command line: one entry point, ``regie``, that runs the services of this repository.

The services themselves live in their own packages (``issuer``, ``verifier``, ``wallet_api``);
this package only knows where to find them (:mod:`regie.services`) and how to start them.
"""

__all__: list[str] = []
