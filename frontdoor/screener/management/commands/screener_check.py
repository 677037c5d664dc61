"""``python manage.py screener_check [FILE ...]``: check screener definitions; exit 1 on any problem.

Without a file it checks the live definition (or, before any is stored, the shipped default.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from frontdoor.screener import engine
from frontdoor.screener.models import DefinitionVersion
from frontdoor.screener.services import summarise


class Command(BaseCommand):
    help = "Check screener definition files (or the live definition): exit status 1 if any has a problem."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="*", help="YAML files to check (default: the live definition)")

    def handle(self, *args: Any, **options: Any) -> None:
        sources: list[tuple[str, str]] = []
        for name in options["files"]:
            try:
                sources.append((name, Path(name).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot read the file ({error})") from None
        if not sources:
            sources.append(self._live())
        failed = 0
        for name, text in sources:
            problems = engine.definition_problems(text)
            if problems:
                failed += 1
                self.stderr.write(f"{name}: {len(problems)} problem(s):")
                for problem in problems:
                    self.stderr.write(f"  - {problem}")
                continue
            definition = engine.load_definition(text)
            summary = summarise(definition)
            routes = ", ".join(f"{route}: {count}" for route, count in summary.paths_per_route.items())
            self.stdout.write(
                f"{name}: OK. {definition.council}, version {definition.version}: {summary.questions} questions, "
                f"{summary.paths} distinct paths, at most {summary.longest} questions to a route ({routes})."
            )
        if failed:
            raise CommandError(f"{failed} definition(s) have problems: none of them can go live.")

    def _live(self) -> tuple[str, str]:
        try:
            live = DefinitionVersion.objects.filter(is_live=True).first()
        except DatabaseError:
            live = None
        if live is not None:
            return f"live definition {live.council} {live.version}", live.yaml_text
        path = engine.DEFINITIONS_DIR / "default.yaml"
        return str(path), path.read_text(encoding="utf-8")
