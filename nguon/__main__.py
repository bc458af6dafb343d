"""The ``nguon`` command: Django's management commands under the project's name, in Vietnamese.

``nguon demo``, ``nguon areas load``, ``nguon migrate``, ``nguon createsuperuser`` … ``nguon``,
``nguon help`` and ``nguon --help`` list the project's commands with their Vietnamese help
(nguon.core.management.base translates argparse and the commands' options); Django's own commands pass
through.
"""

from __future__ import annotations

import os
import sys
from difflib import get_close_matches
from typing import Any


def _management_utility() -> Any:
    from django.core.management import BaseCommand, ManagementUtility, get_commands, load_command_class
    from django.utils.translation import gettext as _

    from nguon.core.management.base import install_argparse_translation

    class Utility(ManagementUtility):
        """Django's ``ManagementUtility`` with the main help and "unknown command" in Vietnamese."""

        def execute(self) -> None:
            install_argparse_translation()
            super().execute()

        def main_help_text(self, commands_only: bool = False) -> str:
            commands = get_commands()
            if commands_only:
                return "\n".join(sorted(commands))
            ours = sorted(name for name, app in commands.items() if str(app).startswith("nguon."))
            django = sorted(name for name in commands if name not in ours)
            lines = [
                _("Usage: %(prog)s <command> [options] [arguments]") % {"prog": self.prog_name},
                _("Help on one command: '%(prog)s help <command>' or '%(prog)s <command> --help'.")
                % {"prog": self.prog_name},
                "",
                _("Nguồn's commands:"),
            ]
            width = max(len(n) for n in ours) if ours else 0
            for name in ours:
                command = self.fetch_command(name)
                text = _(command.help).strip().splitlines()[0] if command.help else ""
                lines.append(f"  {name.ljust(width)}  {text}")
            lines += [
                "",
                _("Django's commands (their help is in English):"),
                "  " + ", ".join(django),
            ]
            if self.settings_exception is not None:
                lines += [
                    "",
                    _("Only Django's commands are listed: the settings could not be read (%(error)s).")
                    % {"error": self.settings_exception},
                ]
            return "\n".join(lines)

        def fetch_command(self, subcommand: str) -> BaseCommand:
            commands = get_commands()
            app_name = commands.get(subcommand)
            if app_name is None:
                if os.environ.get("DJANGO_SETTINGS_MODULE"):
                    from django.conf import settings

                    settings.INSTALLED_APPS  # noqa: B018 — re-raises a settings error, as Django does
                message = _("Error: there is no command '%(command)s'.") % {"command": subcommand}
                matches = get_close_matches(subcommand, commands)
                if matches:
                    message += " " + _("Did you mean '%(match)s'?") % {"match": matches[0]}
                sys.stderr.write(message + "\n")
                sys.stderr.write(
                    _("Type '%(prog)s help' for the list of commands.") % {"prog": self.prog_name}
                )
                sys.stderr.write("\n")
                sys.exit(1)
            if isinstance(app_name, BaseCommand):
                return app_name
            return load_command_class(app_name, subcommand)

    return Utility


def main(argv: list[str] | None = None) -> None:
    """Run a management command with the project's settings (development settings by default)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.dev")
    utility = _management_utility()(["nguon", *(sys.argv[1:] if argv is None else argv)])
    utility.execute()


if __name__ == "__main__":
    main()
