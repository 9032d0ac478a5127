"""Cases (zaken): intake from a verified presentation, ZGW Zaken API export and push, retention.

A case is registered in the shape of the ZGW Zaken API 1.x (zaak, status, rol,
zaakeigenschap): :mod:`verifier.cases.applicant` turns the verified claims of a presentation
into validated values with their provenance, :mod:`verifier.cases.intake` makes the case
(once per transaction), :mod:`verifier.cases.zgw` renders it as ZGW JSON,
:mod:`verifier.cases.push` sends it to a configured Zaken API, and
:mod:`verifier.cases.retention` purges the evidence when its retention period is over.
"""
