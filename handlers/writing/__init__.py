"""The parts ``handlers.writes.WriteFlow`` is composed of: planning a write apart from confirming it.

``drafts`` (what a write keeps in the shared store between clicks), ``permits`` (who may write),
``planning`` (from a request or a card to a preview, asking for what is missing), ``plans`` (each kind of
write's own checks and target), ``previews`` (the card with Confirm and Cancel) and ``confirming`` (the
re-check and the one Ashby call). The rest of the code talks to ``WriteFlow``.
"""
