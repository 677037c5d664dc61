"""Person matching for the front door: is this child or adult already known?

Pure Python (standard library and jellyfish at request time; no Django). Start with
:func:`scoring.score` for one pair, :func:`linking.link` / :func:`linking.dedupe` for batches and
:func:`blocking.candidate_keys` for the indexed columns a candidate query uses.
"""

from .blocking import BLOCKING_RULES, blocking_keys, candidate_keys
from .linking import LinkResult, LinkStats, dedupe, link
from .params import Params, load_online_params, load_params
from .record import COLUMNS, Prepared, prepare
from .scoring import MatchResult, Reason, score

__all__ = [
    "BLOCKING_RULES",
    "COLUMNS",
    "LinkResult",
    "LinkStats",
    "MatchResult",
    "Params",
    "Prepared",
    "Reason",
    "blocking_keys",
    "candidate_keys",
    "dedupe",
    "link",
    "load_online_params",
    "load_params",
    "prepare",
    "score",
]
