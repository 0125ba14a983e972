"""Block Kit cards: pure functions from ``ashby.views`` read models to Slack message dicts.

Every builder returns ``{"text": fallback, "blocks": [...]}`` within Slack's limits whatever the input size,
so handlers can post the result as is.
"""

from blocks.candidate import candidate_card
from blocks.feedback import feedback_card
from blocks.help import help_card
from blocks.interviews import interviews_card
from blocks.jobs import jobs_overview
from blocks.notices import ashby_unavailable, not_allowed, not_found, notice
from blocks.offers import offers_card
from blocks.picker import candidate_picker
from blocks.pipeline import pipeline_card
from blocks.stale import stale_card

__all__ = [
    "ashby_unavailable",
    "candidate_card",
    "candidate_picker",
    "feedback_card",
    "help_card",
    "interviews_card",
    "jobs_overview",
    "not_allowed",
    "not_found",
    "notice",
    "offers_card",
    "pipeline_card",
    "stale_card",
]
