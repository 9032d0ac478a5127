"""The municipality ("Gemeente Boxtel"): the OpenID4VCI credential issuer.

This package will hold the issuer service: the OpenID4VCI 1.0 credential issuer (pre-authorized
code flow, SD-JWT VCs bound to the wallet's key), the population-register (BRP) source, the
resident login, the status lists, and the staff back office (piccolo-admin), with its data in
Piccolo. It arrives with issue 3; until then it is empty and ``regie serve issuer`` says so.
"""
