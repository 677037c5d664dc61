"""Batch linking and de-duplication in pure Python: blocking for candidates, Fellegi-Sunter for scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from frontdoor.core.union_find import find

from .blocking import BLOCKING_RULES, candidate_keys, share_a_key
from .comparisons import compare_dob
from .params import Params, load_params
from .record import Prepared, Record, prepare
from .scoring import score_prepared

#: progress(stage, done, total)
Progress = Callable[[str, int, int], None]

#: A block bigger than this (e.g. everyone called Mohammed Khan with no date of birth) is not used as a
#: source of candidates; other rules still apply. Counted in ``LinkStats.oversized_blocks``.
MAX_BLOCK_SIZE = 400

#: Two records that say this strongly they are different people (a match weight this low, e.g. different
#: given names and dates of birth) never end up in one group through others. Chosen on seeds the benchmark
#: does not report: anywhere from -20 to -7 gave the same groups. At the parameter file's own prior, so that
#: a bigger file does not make more records contradict.
CONFLICT_WEIGHT = -10.0


@dataclass
class LinkStats:
    records_left: int = 0
    records_right: int = 0
    empty_records: int = 0
    malformed: Counter[str] = field(default_factory=Counter)  # field name -> values treated as missing
    candidate_pairs: int = 0
    oversized_blocks: int = 0
    pairs_through_others: int = 0  # dedupe with ``groups``: pairs joined only through other records
    links_refused: int = 0  # dedupe with ``groups``: pairs not followed, as they would join contradictions

    def summary(self) -> str:
        bits = ", ".join(f"{k}={v}" for k, v in sorted(self.malformed.items())) or "none"
        return (
            f"records: {self.records_left} + {self.records_right}; empty records: {self.empty_records}; "
            f"malformed values treated as missing: {bits}; candidate pairs: {self.candidate_pairs}; "
            f"oversized blocks skipped: {self.oversized_blocks}"
        )


@dataclass
class LinkResult:
    pairs: list[tuple[str, str, float]]
    stats: LinkStats

    def __iter__(self) -> Iterator[tuple[str, str, float]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def prepare_all(records: Iterable[Record], stats: LinkStats) -> list[Prepared]:
    out = []
    for r in records:
        p = prepare(r)
        stats.malformed.update(p.malformed)
        if p.is_empty:
            stats.empty_records += 1
        out.append(p)
    return out


def _index(records: Sequence[Prepared]) -> dict[str, dict[str, list[int]]]:
    index: dict[str, dict[str, list[int]]] = {rule: defaultdict(list) for rule in BLOCKING_RULES}
    for i, p in enumerate(records):
        if p.is_empty:
            continue
        for rule, key in candidate_keys(p):
            index[rule][key].append(i)
    return index


def candidate_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    stats: LinkStats,
    same_set: bool = False,
    progress: Progress | None = None,
) -> Iterable[tuple[int, int]]:
    """Index pairs (i into left, j into right) sharing at least one blocking rule key. With ``same_set``,
    left and right are the same list and each unordered pair is produced once."""
    index = _index(right)
    oversized: set[tuple[str, str]] = set()
    total = len(left)
    for i, p in enumerate(left):
        if progress is not None and i % 500 == 0:
            progress("candidates", i, total)
        if p.is_empty:
            continue
        seen: set[int] = set()
        for rule, key in candidate_keys(p):
            block = index[rule].get(key)
            if not block:
                continue
            if len(block) > MAX_BLOCK_SIZE:
                oversized.add((rule, key))
                continue
            for j in block:
                if same_set and j <= i:
                    continue
                if j not in seen:
                    seen.add(j)
                    yield i, j
        stats.candidate_pairs += len(seen)
    stats.oversized_blocks = len(oversized)
    if progress is not None:
        progress("candidates", total, total)


def score_candidates(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    params: Params,
    threshold: float,
    stats: LinkStats,
    same_set: bool = False,
    progress: Progress | None = None,
) -> list[tuple[int, int, float]]:
    scored = []
    for i, j in candidate_pairs(left, right, stats, same_set, progress):
        result = score_prepared(left[i], right[j], params, explain=False)
        if result.probability >= threshold:
            scored.append((i, j, result.probability))
    return scored


def contradict(a: Prepared, b: Prepared, match_weight: float) -> bool:
    """Whether two records cannot be one person: dates of birth more than five years apart (a mother and
    a daughter of one name), or evidence as strongly against as :data:`CONFLICT_WEIGHT`."""
    return match_weight <= CONFLICT_WEIGHT or compare_dob(a.dob, b.dob).level == "far_apart"


def link(
    left_records: Iterable[Record],
    right_records: Iterable[Record],
    params: Params | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Link two sets of person records (link mode): each record is paired at most once, best pairs first
    (greedy one-to-one). Returns (left_id, right_id, probability) pairs at or above ``threshold``
    (default: the parameter file's threshold) and counts of what was treated as missing."""
    params = params or load_params()
    threshold = params.threshold if threshold is None else threshold
    stats = LinkStats()
    left = prepare_all(left_records, stats)
    right = prepare_all(right_records, stats)
    stats.records_left, stats.records_right = len(left), len(right)
    # Each new record is one of the known ones at most: the more known, the less a name alone says.
    in_file = params.among(sum(not p.is_empty for p in left))
    scored = score_candidates(left, right, in_file, threshold, stats, progress=progress)
    scored.sort(key=lambda t: (-t[2], left[t[0]].id, right[t[1]].id))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for i, j, prob in scored:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        pairs.append((left[i].id, right[j].id, prob))
    if progress is not None:
        progress("done", len(pairs), len(pairs))
    return LinkResult(pairs, stats)


def through_others(
    scored: Sequence[tuple[int, int, float]], contradicts: Callable[[int, int], bool] | None = None
) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]:
    """Groups from ``scored`` (strongest first): (the pairs joined only through other records, the links
    refused). A is B and B is C, so A is C; each implied pair comes with the weakest link of the strongest
    chain joining them (Kruskal's algorithm: the pair that first joins two groups is that link for every
    pair across them). A link that would put two records that ``contradicts`` in one group is refused: a
    record without a date of birth that fits a mother and her daughter of the same name joins the one it
    fits best, not both. (Asked only of the few pairs across two groups about to join, so that memory does
    not grow with every candidate pair of a million records.)"""
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    direct = {(i, j) for i, j, _ in scored}
    implied: list[tuple[int, int, float]] = []
    refused: list[tuple[int, int, float]] = []
    for i, j, probability in scored:
        ri, rj = find(parent, i), find(parent, j)
        if ri == rj:
            continue
        group_i, group_j = members.get(ri, [ri]), members.get(rj, [rj])
        across = [(min(x, y), max(x, y)) for x in group_i for y in group_j]
        if contradicts and any(pair not in direct and contradicts(*pair) for pair in across):
            refused.append((i, j, probability))
            continue
        implied.extend((*pair, probability) for pair in across if pair not in direct)
        members.pop(ri, None)
        members.pop(rj, None)
        parent[rj] = ri
        members[ri] = group_i + group_j
    return implied, refused


def dedupe(
    records: Iterable[Record],
    params: Params | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
    groups: bool = False,
) -> LinkResult:
    """Find records of the same person within one set: every pair at or above ``threshold``
    (id_a, id_b, probability), id_a before id_b in input order. With ``groups``, also every pair joined
    through other records (what merging the pairs would do), with the weakest link's probability, and
    without the links that would make one person of two records that contradict each other; use
    :func:`clusters` to group them."""
    params = params or load_params()
    threshold = params.threshold if threshold is None else threshold
    stats = LinkStats()
    prepared = prepare_all(records, stats)
    stats.records_left = len(prepared)
    in_file = params.among(sum(not p.is_empty for p in prepared) - 1)
    scored = score_candidates(prepared, prepared, in_file, threshold, stats, same_set=True, progress=progress)
    scored.sort(key=lambda t: (-t[2], t[0], t[1]))
    if groups:

        def contradicts(x: int, y: int) -> bool:
            a, b = prepared[x], prepared[y]
            if not share_a_key(a, b):
                return False  # never compared: the scores say nothing either way
            return contradict(a, b, score_prepared(a, b, params, explain=False).match_weight)

        implied, refused = through_others(scored, contradicts)
        stats.pairs_through_others, stats.links_refused = len(implied), len(refused)
        kept = set(scored) - set(refused)
        scored = sorted([*kept, *implied], key=lambda t: (-t[2], t[0], t[1]))
    pairs = [(prepared[i].id, prepared[j].id, prob) for i, j, prob in scored]
    if progress is not None:
        progress("done", len(pairs), len(pairs))
    return LinkResult(pairs, stats)


def blocking_recall(
    left_records: Iterable[Record],
    right_records: Iterable[Record],
    truth: set[tuple[str, str]],
    same_set: bool = False,
) -> float:
    """The share of ``truth`` (id pairs; in ``same_set`` mode, smaller id first) that blocking makes
    candidates: the ceiling on recall, whatever the scores."""
    stats = LinkStats()
    left = prepare_all(left_records, stats)
    right = left if same_set else prepare_all(right_records, stats)
    found = 0
    for i, j in candidate_pairs(left, right, stats, same_set):
        a, b = left[i].id, right[j].id
        if same_set and b < a:
            a, b = b, a
        found += (a, b) in truth
    return found / len(truth) if truth else 1.0


def clusters(ids: Iterable[str], pairs: Iterable[tuple[str, str, float]]) -> dict[str, str]:
    """Connected components: {record id: cluster id (the smallest record id in the cluster)}."""
    parent: dict[str, str] = {i: i for i in ids}
    for a, b, _ in pairs:
        ra, rb = find(parent, a), find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(parent, i) for i in parent}
