"""Drafts: build Party and State documents from a SPEC, the org chart and a layout profile.

Flow: SPEC (``spec``) → resolved against the chart (``resolve``) → context of final,
escaped strings (``context``) → docxtpl template (``render`` plain, ``fast`` compiled).
"""
