"""The relying parties: a housing corporation and the municipal permit desk.

This package will hold the verifier service: the OpenID4VP 1.0 verifier with DCQL queries, the
use-case catalogue, case intake prefilled with verified claims, the officers' back office
(piccolo-admin), and status messages to the resident, with its data in Piccolo. It arrives with
issue 4; until then it is empty and ``regie serve verifier`` says so.
"""
