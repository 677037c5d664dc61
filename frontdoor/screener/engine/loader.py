"""Reading a definition file into :class:`~.model.Definition`.

Two stages. :func:`parse_definition` turns YAML into dataclasses, reporting anything that cannot be
represented (bad YAML, duplicate keys, unknown fields, unknown question kinds or route names, malformed
conditions, wrong types, unknown ``{placeholders}``); contacts are filled into every text here. Then
:func:`~.checks.check_definition` looks at the meaning (references, reachability, loops, paths).
:func:`load_definition` runs both and raises :class:`DefinitionError` with every problem found.

YAML quirk handled: only ``true``/``false`` are booleans, so ``yes``/``no`` stay strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import yaml

from .model import (
    DEFAULT_SAFETY_REASON,
    Age,
    AllOf,
    Answered,
    AnyOf,
    Condition,
    Definition,
    Equals,
    In,
    Includes,
    IncludesAny,
    Kind,
    LevelAtLeast,
    Not,
    Option,
    OutcomePage,
    Question,
    Route,
    RouteChange,
    RouteDefinition,
    Rule,
)

DEFINITIONS_DIR = Path(__file__).resolve().parent.parent / "definitions"

TOP_KEYS = {
    "council",
    "version",
    "title",
    "description",
    "levels_of_need",
    "contacts",
    "safety_reason",
    "start",
    "questions",
    "routes",
    "route_changes",
}
QUESTION_KEYS = {
    "id",
    "kind",
    "text",
    "hint",
    "options",
    "next",
    "error",
    "error_name",
    "required",
    "must_be",
    "max_length",
    "not_sure",
    "not_sure_label",
    "not_sure_reason",
}
OPTION_KEYS = {"value", "label", "hint", "level", "exclusive", "treat_as", "reason", "services"}
RULE_KEYS = {"when", "goto", "route", "reason", "level"}
ROUTE_KEYS = {"level", "outcome"}
PAGE_KEYS = {"title", "summary", "what_to_do", "what_happens_next", "when_you_will_hear"}
AGE_KEYS = {
    "age_under_years": ("under", "years"),
    "age_at_least_years": ("at_least", "years"),
    "age_under_months": ("under", "months"),
    "age_at_least_months": ("at_least", "months"),
}
CONDITION_OPERATORS = {"equals", "in", "includes", "includes_any", "level_at_least", "answered", *AGE_KEYS}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class DefinitionError(ValueError):
    """A definition has defects. ``problems`` lists them, one human-readable sentence each."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f" in {source}" if source else ""
        listing = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"The screener definition{where} has {len(self.problems)} problem(s):\n{listing}")


# ------------------------------------------------------------------------------------------------ YAML
class _Loader(yaml.SafeLoader):
    """Safe loader that keeps yes/no/on/off as strings and reports duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int) and key in seen:
                self.duplicates.append(f"Duplicate key '{key}' on line {key_node.start_mark.line + 1}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(text: str) -> tuple[object, list[str]]:
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        return None, [f"The file is not valid YAML{where}: {problem}"]
    finally:
        loader.dispose()
    return data, loader.duplicates


# --------------------------------------------------------------------------------------------- parsing
class _Parser:
    def __init__(self, contacts: Mapping[str, Mapping[str, str]], council: str) -> None:
        self.problems: list[str] = []
        self.contacts = contacts
        self.council = council

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def unknown_keys(self, data: Mapping[Any, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(f"{where} has an unknown field '{key}'")

    def render(self, value: object, where: str, *, optional: bool = True) -> str | None:
        """Check a text field and fill in ``{contact.field}`` and ``{council}`` placeholders."""
        if value is None:
            return None if optional else ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(f"{where} must be text")
            return None if optional else ""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            if name == "council":
                return self.council
            contact, _, field_name = name.partition(".")
            if contact in self.contacts and field_name in self.contacts[contact]:
                return self.contacts[contact][field_name]
            known = ", ".join(f"{{{c}.{f}}}" for c in sorted(self.contacts) for f in sorted(self.contacts[c]))
            self.problem(f"{where} uses an unknown placeholder '{{{name}}}' (known: {{council}}, {known})")
            return match.group(0)

        return PLACEHOLDER.sub(fill, value.strip())

    def paragraphs(
        self, value: object, where: str, shown_when: list[tuple[str, Condition]] | None = None
    ) -> tuple[str, ...]:
        """Paragraphs of an outcome page. A paragraph may be ``{text: ..., when: condition}``: it is shown only
        when the condition holds (the pair is added to ``shown_when``)."""
        if value is None:
            return ()
        items: list[object]
        if isinstance(value, str):
            items = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
        elif isinstance(value, list):
            items = list(value)
        else:
            self.problem(f"{where} must be text or a list of paragraphs")
            return ()
        paragraphs: list[str] = []
        for item in items:
            condition: Condition | None = None
            if isinstance(item, dict):
                self.unknown_keys(item, {"text", "when"}, where)
                condition = self.condition(item.get("when"), where) if "when" in item else None
                item = item.get("text")
            text = self.render(item, where)
            if text:
                paragraph = " ".join(text.split())
                paragraphs.append(paragraph)
                if condition is not None and shown_when is not None:
                    shown_when.append((paragraph, condition))
        return tuple(paragraphs)

    def level(self, value: object, where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(f"{where}: level must be a whole number of 1 or more, not {value!r}")
            return None
        return value

    def question_ref(self, data: Mapping[str, Any], where: str) -> str:
        question = data.get("question")
        if not isinstance(question, str) or not question:
            self.problem(f"{where}: the condition needs 'question: <question id>'")
            return ""
        return question

    def string_list(self, value: object, where: str, operator: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.problem(f"{where}: '{operator}' needs a list of answer values")
            return ()
        return tuple(value)

    def condition(self, data: object, where: str) -> Condition | None:
        if not isinstance(data, dict):
            self.problem(f"{where}: a condition must be a mapping such as {{question: q, equals: value}}")
            return None
        groups = [k for k in ("all", "any", "not") if k in data]
        if groups:
            if len(data) != 1:
                self.problem(f"{where}: '{groups[0]}' must be the only key of its condition")
                return None
            key = groups[0]
            if key == "not":
                inner = self.condition(data["not"], where)
                return Not(inner) if inner is not None else None
            items = data[key]
            if not isinstance(items, list) or not items:
                self.problem(f"{where}: '{key}' needs a list of conditions")
                return None
            parsed = [self.condition(item, where) for item in items]
            if any(p is None for p in parsed):
                return None
            conditions = tuple(cast(list[Condition], parsed))
            return AllOf(conditions) if key == "all" else AnyOf(conditions)
        operators = [k for k in data if k != "question"]
        unknown = [k for k in operators if k not in CONDITION_OPERATORS]
        if unknown or len(operators) != 1:
            allowed = ", ".join(sorted(CONDITION_OPERATORS | {"all", "any", "not"}))
            self.problem(
                f"{where}: a condition needs 'question' and exactly one of {allowed}; "
                f"got {sorted(map(str, data))}"
            )
            return None
        operator = operators[0]
        question = self.question_ref(data, where)
        value = data[operator]
        if not question:
            return None
        if operator in ("equals", "includes"):
            if not isinstance(value, str):
                self.problem(f"{where}: '{operator}' needs an answer value (text), not {value!r}")
                return None
            return Equals(question, value) if operator == "equals" else Includes(question, value)
        if operator in ("in", "includes_any"):
            values = self.string_list(value, where, operator)
            if not values:
                return None
            return In(question, values) if operator == "in" else IncludesAny(question, values)
        if operator == "answered":
            if not isinstance(value, bool):
                self.problem(f"{where}: 'answered' needs true or false")
                return None
            return Answered(question, value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(f"{where}: '{operator}' needs a whole number, not {value!r}")
            return None
        if operator == "level_at_least":
            return LevelAtLeast(question, value)
        comparison, unit = AGE_KEYS[operator]
        return Age(
            question,
            cast(Literal["under", "at_least"], comparison),
            value,
            cast(Literal["years", "months"], unit),
        )

    def rule(self, data: object, where: str) -> Rule | None:
        if not isinstance(data, dict):
            self.problem(f"{where} must be a mapping with 'goto' or 'route'")
            return None
        self.unknown_keys(data, RULE_KEYS, where)
        when = self.condition(data["when"], where) if "when" in data else None
        if "when" in data and when is None:
            return None
        goto = data.get("goto")
        if goto is not None and not isinstance(goto, str):
            self.problem(f"{where}: 'goto' must be a question id")
            goto = None
        route: Route | None = None
        if "route" in data:
            try:
                route = Route(data["route"])
            except ValueError:
                names = ", ".join(r.value for r in Route)
                self.problem(f"{where}: route '{data['route']}' is not one of {names}")
                return None
        return Rule(
            when=when,
            goto=goto,
            route=route,
            reason=self.render(data.get("reason"), f"{where}, reason"),
            level=self.level(data.get("level"), where),
        )

    def route_change(self, data: object, where: str) -> RouteChange | None:
        if not isinstance(data, dict) or "when" not in data or "route" not in data or "from" not in data:
            self.problem(
                f"{where} must be a mapping with 'when', 'from' (a list of routes), 'route' and 'reason'"
            )
            return None
        self.unknown_keys(data, {"when", "from", "route", "reason"}, where)
        when = self.condition(data["when"], where)
        raw_from = data["from"] if isinstance(data["from"], list) else [data["from"]]
        try:
            from_routes = tuple(Route(str(name)) for name in raw_from)
            route = Route(str(data["route"]))
        except ValueError:
            names = ", ".join(r.value for r in Route)
            self.problem(f"{where}: routes must be one of {names}")
            return None
        if when is None:
            return None
        return RouteChange(when, from_routes, route, self.render(data.get("reason"), f"{where}, reason"))

    def option(self, data: object, where: str) -> Option | None:
        if isinstance(data, str):
            self.problem(f"{where}: an option needs 'value' and 'label' (got the text '{data}')")
            return None
        if not isinstance(data, dict):
            self.problem(f"{where} must be a mapping with 'value' and 'label'")
            return None
        value = data.get("value")
        if not isinstance(value, str) or not value:
            self.problem(f"{where} needs a 'value' (text)")
            return None
        where = f"{where} ('{value}')"
        self.unknown_keys(data, OPTION_KEYS, where)
        label = self.render(data.get("label"), f"{where}, label", optional=False) or ""
        treat_as = data.get("treat_as")
        if treat_as is not None and not isinstance(treat_as, str):
            self.problem(f"{where}: 'treat_as' must be the value of another option")
            treat_as = None
        services = data.get("services", [])
        if not isinstance(services, list) or not all(
            isinstance(code, str) and re.fullmatch(r"[a-z0-9-]+", code) for code in services
        ):
            self.problem(
                f"{where}: 'services' must be a list of directory category codes like family-support"
            )
            services = []
        return Option(
            value=value,
            label=label,
            hint=self.render(data.get("hint"), f"{where}, hint"),
            level=self.level(data.get("level"), where),
            exclusive=data.get("exclusive") is True,
            treat_as=treat_as,
            reason=self.render(data.get("reason"), f"{where}, reason"),
            services=tuple(services),
        )

    def question(self, data: object, index: int) -> Question | None:
        if not isinstance(data, dict):
            self.problem(f"Question {index} must be a mapping with 'id', 'kind', 'text' and 'next'")
            return None
        qid = data.get("id")
        if not isinstance(qid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", qid):
            self.problem(f"Question {index} needs an 'id' of lower-case letters, digits and _ (got {qid!r})")
            return None
        where = f"Question '{qid}'"
        self.unknown_keys(data, QUESTION_KEYS, where)
        try:
            kind = Kind(str(data.get("kind")))
        except ValueError:
            kinds = ", ".join(k.value for k in Kind)
            self.problem(f"{where} has unknown kind {data.get('kind')!r}; use one of {kinds}")
            return None
        options: list[Option] = []
        raw_options = data.get("options")
        if kind is Kind.YES_NO:
            if raw_options is not None:
                self.problem(f"{where}: yes_no questions have fixed answers (yes, no); remove 'options'")
            options = [Option("yes", "Yes"), Option("no", "No")]
            not_sure = data.get("not_sure")
            if not_sure is not None:
                if not_sure not in ("yes", "no", "ask"):
                    self.problem(
                        f"{where}: 'not_sure' must say which answer it counts as (yes or no), or 'ask' "
                        "to branch on it to a clarifying question"
                    )
                else:
                    label = self.render(data.get("not_sure_label"), f"{where}, not_sure_label") or "Not sure"
                    reason = self.render(data.get("not_sure_reason"), f"{where}, not_sure_reason")
                    # 'ask': "Not sure" is an answer of its own, for a rule to send to a clarifying question
                    treat_as = None if not_sure == "ask" else not_sure
                    options.append(Option("not_sure", label, treat_as=treat_as, reason=reason))
        else:
            for key in ("not_sure", "not_sure_label", "not_sure_reason"):
                if key in data:
                    self.problem(
                        f"{where}: '{key}' is only for yes_no questions; use an option with 'treat_as'"
                    )
            if raw_options is not None and not isinstance(raw_options, list):
                self.problem(f"{where}: 'options' must be a list")
            elif raw_options:
                for number, raw in enumerate(raw_options, start=1):
                    option = self.option(raw, f"{where}, option {number}")
                    if option is not None:
                        options.append(option)
        raw_rules = data.get("next")
        rules: list[Rule] = []
        if raw_rules is not None and not isinstance(raw_rules, list):
            self.problem(f"{where}: 'next' must be a list of rules")
        else:
            for number, raw in enumerate(raw_rules or [], start=1):
                rule = self.rule(raw, f"{where}, rule {number}")
                if rule is not None:
                    rules.append(rule)
        must_be = data.get("must_be")
        if must_be not in (None, "past", "future"):
            self.problem(f"{where}: 'must_be' must be past or future")
            must_be = None
        max_length = data.get("max_length")
        if max_length is not None and (
            isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1
        ):
            self.problem(f"{where}: 'max_length' must be a whole number")
            max_length = None
        required = data.get("required", True)
        if not isinstance(required, bool):
            self.problem(f"{where}: 'required' must be true or false")
            required = True
        return Question(
            id=qid,
            kind=kind,
            text=self.render(data.get("text"), f"{where}, text", optional=False) or "",
            hint=self.render(data.get("hint"), f"{where}, hint"),
            options=tuple(options),
            next=tuple(rules),
            error=self.render(data.get("error"), f"{where}, error"),
            error_name=self.render(data.get("error_name"), f"{where}, error_name"),
            required=required,
            must_be=cast(Literal["past", "future"] | None, must_be),
            max_length=max_length,
        )

    def route(self, name: object, data: object) -> RouteDefinition | None:
        try:
            route = Route(str(name))
        except ValueError:
            names = ", ".join(r.value for r in Route)
            self.problem(f"Route '{name}' is not one of {names}")
            return None
        where = f"Route '{route.value}'"
        if data is None:
            return RouteDefinition(route, None)
        if not isinstance(data, dict):
            self.problem(f"{where} must be a mapping with 'outcome'")
            return None
        self.unknown_keys(data, ROUTE_KEYS, where)
        page_data = data.get("outcome")
        page: OutcomePage | None = None
        if isinstance(page_data, dict):
            self.unknown_keys(page_data, PAGE_KEYS, f"{where}, outcome")
            shown_when: list[tuple[str, Condition]] = []
            page = OutcomePage(
                title=self.render(page_data.get("title"), f"{where}, outcome title", optional=False) or "",
                summary=self.render(page_data.get("summary"), f"{where}, outcome summary"),
                what_to_do=self.paragraphs(page_data.get("what_to_do"), f"{where}, what_to_do", shown_when),
                what_happens_next=self.paragraphs(
                    page_data.get("what_happens_next"), f"{where}, what_happens_next", shown_when
                ),
                when_you_will_hear=self.paragraphs(
                    page_data.get("when_you_will_hear"), f"{where}, when_you_will_hear", shown_when
                ),
                shown_when=tuple(shown_when),
            )
        elif page_data is not None:
            self.problem(f"{where}: 'outcome' must be a mapping with title, what_to_do and so on")
        return RouteDefinition(route, page, self.level(data.get("level"), where))


def _contacts(data: object, problems: list[str]) -> dict[str, dict[str, str]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(
            "Contacts: 'contacts' must be a mapping, e.g. social_work_line: {phone: ..., hours: ...}"
        )
        return {}
    contacts: dict[str, dict[str, str]] = {}
    for name, fields in data.items():
        if not isinstance(fields, dict):
            problems.append(f"Contacts: '{name}' must be a mapping of fields such as phone and hours")
            continue
        contacts[str(name)] = {}
        for key, value in fields.items():
            if isinstance(value, bool) or not isinstance(value, str | int):
                problems.append(f"Contacts: '{name}.{key}' must be text")
                continue
            contacts[str(name)][str(key)] = str(value).strip()
    return contacts


def parse_definition(text: str, source: str | None = None) -> tuple[Definition | None, list[str]]:
    """YAML text -> (definition, problems). The definition is None if anything could not be represented."""
    data, problems = _read_yaml(text)
    if data is None and not problems:
        problems.append("The file is empty")
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            "The file must be a mapping with council, version, title, contacts, questions and routes"
        ]
    contacts = _contacts(data.get("contacts"), problems)
    metadata: dict[str, str] = {}
    for key in ("council", "version", "title"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"Metadata: '{key}' must be text in quotes, for example \"2026-11-01.1\"")
            value = None
        metadata[key] = value.strip() if isinstance(value, str) else ""
    parser = _Parser(contacts, metadata["council"])
    parser.problems = problems
    parser.unknown_keys(data, TOP_KEYS, "The definition")
    levels: dict[int, str] = {}
    raw_levels = data.get("levels_of_need") or {}
    if not isinstance(raw_levels, dict):
        parser.problem("Metadata: 'levels_of_need' must map level numbers to names, e.g. 1: Universal")
    else:
        for number, name in raw_levels.items():
            if isinstance(number, bool) or not isinstance(number, int) or not isinstance(name, str):
                parser.problem(f"Metadata: levels_of_need entry {number!r} must be a number with a name")
            else:
                levels[number] = name
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list):
        parser.problem("The definition needs 'questions', a list of questions")
    else:
        for index, raw in enumerate(raw_questions, start=1):
            question = parser.question(raw, index)
            if question is not None:
                questions.append(question)
    raw_routes = data.get("routes")
    routes: dict[Route, RouteDefinition] = {}
    if not isinstance(raw_routes, dict):
        parser.problem("The definition needs 'routes', a mapping of route name to its outcome page")
    else:
        for name, raw in raw_routes.items():
            route = parser.route(name, raw)
            if route is not None:
                routes[route.route] = route
    raw_changes = data.get("route_changes") or []
    changes: list[RouteChange] = []
    if not isinstance(raw_changes, list):
        parser.problem("'route_changes' must be a list")
    else:
        for number, raw in enumerate(raw_changes, start=1):
            change = parser.route_change(raw, f"Route change {number}")
            if change is not None:
                changes.append(change)
    start = data.get("start")
    if start is not None and not isinstance(start, str):
        parser.problem("Metadata: 'start' must be a question id")
        start = None
    safety_reason = (
        parser.render(data.get("safety_reason"), "Metadata: safety_reason") or DEFAULT_SAFETY_REASON
    )
    if problems:
        return None, problems
    definition = Definition(
        council=metadata["council"],
        version=metadata["version"],
        title=metadata["title"],
        questions=tuple(questions),
        routes=MappingProxyType(routes),
        contacts=MappingProxyType({k: MappingProxyType(v) for k, v in contacts.items()}),
        levels_of_need=MappingProxyType(levels),
        start=start or "",
        safety_reason=safety_reason,
        route_changes=tuple(changes),
        source=source,
    )
    return definition, []


def _source_text(source: str | Path) -> tuple[str, str | None]:
    if isinstance(source, Path):
        return source.read_text(encoding="utf-8"), str(source)
    if "\n" not in source and source.strip().endswith((".yaml", ".yml")):
        return Path(source).read_text(encoding="utf-8"), source
    return source, None


def definition_problems(source: str | Path) -> list[str]:
    """Every problem with a definition (file path or YAML text); an empty list if it is sound."""
    from .checks import check_definition

    text, name = _source_text(source)
    definition, problems = parse_definition(text, name)
    if definition is None:
        return problems
    return check_definition(definition)


def load_definition(source: str | Path) -> Definition:
    """Load a definition from a path (``Path`` or a string ending .yaml/.yml) or from YAML text.

    Raises :class:`DefinitionError` listing every problem.
    """
    from .checks import check_definition

    text, name = _source_text(source)
    definition, problems = parse_definition(text, name)
    if definition is None:
        raise DefinitionError(problems, name)
    problems = check_definition(definition)
    if problems:
        raise DefinitionError(problems, name)
    return definition


_CACHE: dict[Path, tuple[int, Definition]] = {}


def load_named(name: str = "default", directory: Path = DEFINITIONS_DIR) -> Definition:
    """Load ``<directory>/<name>.yaml`` (by default the definitions shipped with the screener).

    Cached per file and reloaded when the file changes, so it is cheap to call on every request.
    """
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise ValueError(f"Not a definition name: {name!r}")
    path = directory / f"{name}.yaml"
    modified = path.stat().st_mtime_ns
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == modified:
        return cached[1]
    definition = load_definition(path)
    _CACHE[path] = (modified, definition)
    return definition
