"""Batch linking and de-duplication in pure Python: blocking for candidates, Fellegi-Sunter for scores."""

from __future__ import annotations

import gc
import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, count, repeat
from operator import itemgetter

from frontdoor.core.union_find import find

from .batch_blocking import PIECE_RULES, piece_keys
from .batch_compare import BatchComparer, BatchScorer
from .blocking import blocking_keys, combined_keys, share_a_key
from .comparisons import compare_dob
from .estimate import DISAGREEMENT_TRUST_BITS, TRUST_BITS, Pattern
from .estimate import estimate as estimate_on
from .params import TF_LEVEL, Params, load_params
from .record import Prepared, Record, prepare
from .scoring import score_prepared, tf_key

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

#: Fewer candidate pairs than this say too little to re-estimate a model on: the parameter file is used.
MIN_PAIRS_TO_ESTIMATE = 1000

#: Batch piece keys (:mod:`.batch_blocking`) a pair must share to be a candidate without a stored rule.
MIN_SHARED_PIECES = 2
#: A piece key more common than this ("on" and 2010) is no sign of one person, and the candidates a record
#: gets from pieces alone are the ones sharing most of them: a true pair with a slip in every field still
#: shares eight or more (measured on the development seed of the held-out profiles).
MAX_PIECE_BLOCK = 50
#: The candidates a record gets are the ones sharing most keys with it (stored rule keys and pieces alike),
#: at most this many: a pair is compared when it is among the best of either record. A true pair shares
#: far more keys than a namesake met under one rule: at 100,000 FEBRL records a cap of 12 keeps about a
#: third of the candidates and 99.8% of the true pairs that blocking found without one. (8 was as good for
#: blocking on the development seed, but the model re-estimated on fewer candidates lost F1 in dedupe.)
MAX_CANDIDATES_PER_RECORD = 12


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
    estimated: dict[str, float] = field(default_factory=dict)  # notes of the re-estimation, when run

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


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A batch run makes millions of small objects and frees none until the end: Python's cycle collector
    would walk them all again and again as they grow (half the time of a run of 100,000 records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare_all(records: Iterable[Record], stats: LinkStats) -> list[Prepared]:
    out = []
    for r in records:
        p = prepare(r)
        stats.malformed.update(p.malformed)
        if p.is_empty:
            stats.empty_records += 1
        out.append(p)
    return out


Keys = list[list[tuple[str, str]]]


#: Batch rules of one name alone, for a record with no date of birth whose other name or address is
#: missing or changed ("Janet, 116 Jones Close" and "Janet Lynch, 1977-01-13, 40 School Walk"): every record
#: is filed under them, but only a record without a date of birth looks there (a block of one name is big,
#: and a record with a date of birth is found through it).
LONE_RULES = ("lone_name",)
#: A record looking under them keeps this many candidates (:data:`MAX_CANDIDATES_PER_RECORD`).
MAX_LONE_CANDIDATES = 60
#: A name more common than this says too little alone (at 100,000 records, the commonest names).
MAX_LONE_BLOCK = 100


def record_keys(records: Sequence[Prepared], raw: Sequence[Record] | None = None) -> Keys:
    """Each record's (rule, key) pairs: the stored rules' and, given the ``raw`` records of a batch run, the
    pieces of :mod:`.batch_blocking` and the :data:`LONE_RULES` too (none for a record with nothing to
    compare)."""
    out: Keys = []
    for i, p in enumerate(records):
        if p.is_empty:
            out.append([])
            continue
        basic = blocking_keys(p)
        keys = combined_keys(basic)
        if raw is not None:
            keys.extend(piece_keys(raw[i]))
            # Either name, so that names written the wrong way round ("Wilson Zara") keep the key.
            keys.extend(("lone_name", key) for key in (*basic["given_ph"], *basic["family_ph"]))
        out.append(list(dict.fromkeys(keys)))
    return out


def _index(keys: Keys) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, record in enumerate(keys):
        for key in record:
            index[key].append(i)
    return index


class _Blocks:
    """The blocking keys of a run, numbered: each side's records as lists of key numbers; and, for the side
    looked into, the records under each key (a list per key number, so that a block is found by indexing),
    empty for a key with more records than its rule allows (:data:`MAX_BLOCK_SIZE`,
    :data:`MAX_PIECE_BLOCK`). Millions of keys: the loops over them are left to C (``map``)."""

    def __init__(self, left: Keys, right: Keys) -> None:
        # A new key gets the next number.
        numbers: defaultdict[tuple[str, str], int] = defaultdict(count().__next__)
        number = numbers.__getitem__

        def numbered(keys: Keys) -> list[list[int]]:
            return [list(map(number, own)) for own in keys]

        self.left = numbered(left)
        self.right = self.left if right is left else numbered(right)
        self.limits = [
            MAX_PIECE_BLOCK
            if rule in PIECE_RULES
            else MAX_LONE_BLOCK
            if rule in LONE_RULES
            else MAX_BLOCK_SIZE
            for rule, _ in numbers
        ]
        self.stored = [rule not in PIECE_RULES for rule, _ in numbers]
        self.lone = [rule in LONE_RULES for rule, _ in numbers]

    def regular(self, own: list[int]) -> list[int]:
        """A record's key numbers but those of :data:`LONE_RULES` (the last of them, :func:`record_keys`)."""
        end = len(own)
        lone = self.lone
        while end and lone[own[end - 1]]:
            end -= 1
        return own if end == len(own) else own[:end]

    def index(self, records: list[list[int]], lookers: list[list[int]]) -> tuple[list[list[int]], int]:
        """(the blocks of ``records``, how many keys of ``lookers`` have too many records to be used)."""
        blocks: list[list[int]] = [[] for _ in self.limits]
        block = blocks.__getitem__
        append = list.append
        for i, own in enumerate(records):
            # blocks[number].append(i) for each of the record's numbers, without a Python loop over them.
            deque(map(append, map(block, own), repeat(i)), maxlen=0)
        limits = self.limits
        oversized = {n for n, members in enumerate(blocks) if len(members) > limits[n]}
        if lookers is not records:
            oversized &= {n for own in lookers for n in own}
        for n in oversized:
            blocks[n] = []
        return blocks, len(oversized)


def _nearest(
    own: list[int], is_stored: list[bool], index: list[list[int]], itself: int | None, most: int
) -> list[int]:
    """The candidates of one record (its key numbers ``own``) among the records of ``index``: those sharing
    a stored rule key or :data:`MIN_SHARED_PIECES` piece keys, at most ``most`` of them, the ones sharing
    most keys first (``itself``: the record's own number, in dedupe mode)."""
    shared = Counter(chain.from_iterable(map(index.__getitem__, own)))
    if itself is not None:
        shared.pop(itself, None)
    # Ties go to the record met first (a stable sort). When the last of the best shares two keys or more,
    # every one of them is a candidate and nothing sharing one key comes in.
    best = sorted(shared.items(), key=itemgetter(1), reverse=True)[:most]
    if not best or best[-1][1] >= MIN_SHARED_PIECES:
        return [j for j, _ in best]
    # One shared piece key alone is a coincidence nine times in ten thousand (an "sa" name born in 2010): a
    # pair needs two, or one stored rule, to be a candidate. Those sharing one key follow in the order met.
    out = [j for j, shared_keys in best if shared_keys >= MIN_SHARED_PIECES]
    seen = set(out)
    for number in own:
        if not is_stored[number]:
            continue
        for j in index[number]:
            if j not in seen and j != itself and shared[j] < MIN_SHARED_PIECES:
                seen.add(j)
                out.append(j)
                if len(out) == most:
                    return out
    return out


def candidate_pairs(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    stats: LinkStats,
    same_set: bool = False,
    progress: Progress | None = None,
    keys: tuple[Keys, Keys] | None = None,
    lone: set[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Index pairs (i into left, j into right) sharing at least one blocking rule key (``keys``: each side's
    from :func:`record_keys`; default the stored rules'), in order. With ``same_set``, left and right are the
    same list and each unordered pair is produced once, smaller index first. A pair is a candidate when
    it is among the :data:`MAX_CANDIDATES_PER_RECORD` best of either of its records, or among the
    :data:`MAX_LONE_CANDIDATES` best of a record without a date of birth looking under :data:`LONE_RULES`
    too; the pairs found only that way are added to ``lone``, if given."""
    left_keys, right_keys = keys or (record_keys(left), record_keys(right))
    blocks = _Blocks(left_keys, left_keys if same_set else right_keys)
    pairs: set[tuple[int, int]] = set()
    extra: set[tuple[int, int]] = set()
    total = len(left) if same_set else len(left) + len(right)
    done = 0

    def search(
        rows: list[list[int]], records: Sequence[Prepared], index: list[list[int]], flip: bool
    ) -> None:
        nonlocal done
        stored = blocks.stored
        for i, own in enumerate(rows):
            if progress is not None and done % 500 == 0:
                progress("candidates", done, total)
            done += 1
            itself = i if same_set else None
            regular = blocks.regular(own)
            found = _nearest(regular, stored, index, itself, MAX_CANDIDATES_PER_RECORD)
            more: list[int] = []
            if records[i].dob is None and len(regular) < len(own):
                more = _nearest(own, stored, index, itself, MAX_LONE_CANDIDATES)
            for target, js in ((pairs, found), (extra, more)):
                if same_set:
                    target.update([(i, j) if i < j else (j, i) for j in js])
                elif flip:
                    target.update([(j, i) for j in js])
                else:
                    target.update([(i, j) for j in js])

    right_index, oversized = blocks.index(blocks.right, blocks.left)
    search(blocks.left, left, right_index, False)
    if not same_set:
        left_index, _ = blocks.index(blocks.left, blocks.right)
        search(blocks.right, right, left_index, True)
    extra -= pairs
    if lone is not None:
        lone.update(extra)
    pairs |= extra
    stats.candidate_pairs += len(pairs)
    stats.oversized_blocks = oversized
    if progress is not None:
        progress("candidates", total, total)
    return sorted(pairs)


def compare_candidates(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    stats: LinkStats,
    keys: tuple[Keys, Keys],
    same_set: bool = False,
    progress: Progress | None = None,
    lone: set[tuple[int, int]] | None = None,
) -> list[tuple[int, int, Pattern, bool]]:
    """Every candidate pair compared once: (i, j, the level of each comparison, names swapped); ``lone`` as
    for :func:`candidate_pairs`."""
    pairs = candidate_pairs(left, right, stats, same_set, progress, keys, lone)
    compare = BatchComparer(left, right).compare
    out = []
    for k, (i, j) in enumerate(pairs):
        if progress is not None and k % 20_000 == 0:
            progress("comparing", k, len(pairs))
        out.append((i, j, *compare(i, j)))
    if progress is not None:
        progress("comparing", len(pairs), len(pairs))
    return out


def _estimated(
    params: Params,
    compared: Sequence[tuple[int, int, Pattern, bool]],
    stats: LinkStats,
    n_left: int,
    n_right: int,
    same_set: bool,
) -> Params:
    """``params`` re-estimated on the compared candidates (:mod:`.estimate`): m, u and the prior among them."""
    all_pairs = n_left * (n_left - 1) / 2 if same_set else n_left * n_right
    expected = params.probability_two_random_records_match * all_pairs
    # No more matches than records to be matched: a file of 5,000 has at most 5,000 true pairs to find
    # in link mode, and (pairs and triples being the most) about half as many in dedupe mode.
    most = (n_left / 2 if same_set else min(n_left, n_right)) / len(compared)
    estimated, notes = estimate_on(
        params,
        Counter(pattern for _, _, pattern, _ in compared),
        expected / len(compared),
        most=most,
        disagreement_bits=DISAGREEMENT_TRUST_BITS if same_set else TRUST_BITS,
    )
    stats.estimated = notes
    return estimated


def with_file_frequencies(params: Params, records: Iterable[Prepared]) -> Params:
    """``params`` with the term frequencies of the names in ``records`` (the files being linked) too, as
    Splink takes them: a name common in this file says less here however rare it was in training (a Greek
    family of one name in a file of English names). A name's weight on exact agreement gets log2(u / f)
    added, f its share of the records and u the chance two records share any name (the sum of the squared
    shares), with the parameter file's floor; or the training population's adjustment, if that is smaller
    (a common name is common, however many typos spread it thin in this file)."""
    records = [p for p in records if not p.is_empty]
    tf_weights, tf_fallback = dict(params.tf_weights), dict(params.tf_fallback)
    for comparison in params.tf_weights:
        counts = Counter(key for p in records if (key := tf_key(p, comparison)))
        total = sum(counts.values())
        if not total:
            continue
        u = sum(c * c for c in counts.values()) / (total * total)
        levels = params.comparisons[comparison]
        exact = levels[TF_LEVEL].weight
        floor = max(lv.weight for key, lv in levels.items() if key != TF_LEVEL) - exact
        trained = params.tf_weights[comparison]
        fallback = params.tf_fallback[comparison]
        tf_weights[comparison] = {
            k: min(trained.get(k, fallback), max(floor, math.log2(u * total / c))) for k, c in counts.items()
        }
        tf_fallback[comparison] = min(fallback, max(floor, math.log2(u * total)))
    return replace(params, tf_weights=tf_weights, tf_fallback=tf_fallback)


def score_candidates(
    left: Sequence[Prepared],
    right: Sequence[Prepared],
    params: Params,
    threshold: float,
    stats: LinkStats,
    keys: tuple[Keys, Keys],
    same_set: bool = False,
    progress: Progress | None = None,
    estimate: bool = False,
) -> list[tuple[int, int, float]]:
    """(i, j, probability) of the candidate pairs at or above ``threshold``. With ``estimate``, the
    parameters are first re-estimated on the candidates (:mod:`.estimate`), starting from ``params``: on
    those found by the usual rules, not on those a record without a date of birth found under one name alone
    (:data:`LONE_RULES`), which are nearly all two people of one name and would teach the model that one
    name is more than it is."""
    lone: set[tuple[int, int]] = set()
    compared = compare_candidates(left, right, stats, keys, same_set, progress, lone)
    usual = [c for c in compared if (c[0], c[1]) not in lone] if lone else compared
    committed = BatchScorer(params).probability
    if estimate and len(usual) >= MIN_PAIRS_TO_ESTIMATE:
        params = _estimated(params, usual, stats, len(left), len(right), same_set)
        params = with_file_frequencies(params, left if same_set else chain(left, right))
    probability = BatchScorer(params).probability
    scored = []
    for i, j, pattern, swapped in compared:
        p = probability(left[i], right[j], pattern, swapped)
        if lone and (i, j) in lone:
            # Found under one name alone: as sure as the committed parameters are too, and no surer.
            p = min(p, committed(left[i], right[j], pattern, swapped))
        if p >= threshold:
            scored.append((i, j, p))
    return scored


def contradict(a: Prepared, b: Prepared, match_weight: float) -> bool:
    """Whether two records cannot be one person: dates of birth more than five years apart (a mother and
    a daughter of one name), or evidence as strongly against as :data:`CONFLICT_WEIGHT`."""
    return match_weight <= CONFLICT_WEIGHT or compare_dob(a.dob, b.dob).level == "far_apart"


@_no_cycle_collection()
def link(
    left_records: Iterable[Record],
    right_records: Iterable[Record],
    params: Params | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
    estimate: bool = False,
) -> LinkResult:
    """Link two sets of person records (link mode): each record is paired at most once, best pairs first
    (greedy one-to-one). Returns (left_id, right_id, probability) pairs at or above ``threshold``
    (default: the parameter file's threshold) and counts of what was treated as missing. Candidates come
    from the stored blocking rules and the batch pieces. With ``estimate``, the model is re-estimated on
    them before scoring (for a file of individuals from another agency; see :mod:`.estimate`), otherwise
    the parameter file is used as it is."""
    params = params or load_params()
    threshold = params.threshold if threshold is None else threshold
    stats = LinkStats()
    left_raw, right_raw = list(left_records), list(right_records)
    left = prepare_all(left_raw, stats)
    right = prepare_all(right_raw, stats)
    stats.records_left, stats.records_right = len(left), len(right)
    # Each new record is one of the known ones at most: the more known, the less a name alone says.
    in_file = params.among(sum(not p.is_empty for p in left))
    keys = (record_keys(left, left_raw), record_keys(right, right_raw))
    scored = score_candidates(
        left, right, in_file, threshold, stats, keys, progress=progress, estimate=estimate
    )
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


@_no_cycle_collection()
def dedupe(
    records: Iterable[Record],
    params: Params | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
    groups: bool = False,
    estimate: bool = False,
) -> LinkResult:
    """Find records of the same person within one set: every pair at or above ``threshold``
    (id_a, id_b, probability), id_a before id_b in input order. With ``groups``, also every pair joined
    through other records (what merging the pairs would do), with the weakest link's probability, and
    without the links that would make one person of two records that contradict each other; use
    :func:`clusters` to group them. Blocking and ``estimate`` as for :func:`link`."""
    params = params or load_params()
    threshold = params.threshold if threshold is None else threshold
    stats = LinkStats()
    raw = list(records)
    prepared = prepare_all(raw, stats)
    stats.records_left = len(prepared)
    in_file = params.among(sum(not p.is_empty for p in prepared) - 1)
    own = record_keys(prepared, raw)
    scored = score_candidates(
        prepared, prepared, in_file, threshold, stats, (own, own), True, progress, estimate
    )
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


@_no_cycle_collection()
def blocking_recall(
    left_records: Iterable[Record],
    right_records: Iterable[Record],
    truth: set[tuple[str, str]],
    same_set: bool = False,
) -> float:
    """The share of ``truth`` (id pairs; in ``same_set`` mode, smaller id first) that blocking makes
    candidates: the ceiling on recall, whatever the scores."""
    stats = LinkStats()
    left_raw, right_raw = list(left_records), list(right_records)
    left = prepare_all(left_raw, stats)
    right = left if same_set else prepare_all(right_raw, stats)
    keys = (record_keys(left, left_raw), record_keys(right, right_raw))
    found = 0
    for i, j in candidate_pairs(left, right, stats, same_set, keys=keys):
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
