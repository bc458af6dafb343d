"""The command line in Vietnamese: the base of every ``nguon`` command.

- argparse's own words ("usage:", "options:", "show this help message and exit", its error messages) go
  through Django's gettext: argparse looks its ``_`` and ``ngettext`` up in its module at call time, and
  ``install_argparse_translation`` points them at Django's (English msgids, Vietnamese in
  nguon/core/locale). That also covers Django's own commands run as ``nguon migrate --help``.
- The help of Django's standard options (``--verbosity``, ``--settings`` …) and of each command's own
  options is translated when the parser is made; a command writes its texts as English msgids: the class
  ``help`` with ``gettext_noop``, the options' ``help=_(...)`` in ``add_arguments``.
- A ``CommandError`` prints its Vietnamese message alone ("Lỗi: …"), not "CommandError: …", with the same
  exit code as Django's (``returncode``, 1 by default).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    SystemCheckError,
    handle_default_options,
)
from django.db import connections
from django.utils.translation import gettext, gettext_noop, ngettext

# Django's standard options (django/core/management/base.py), English as Django writes them.
DJANGO_OPTION_HELP = (
    gettext_noop("Show program's version number and exit."),
    gettext_noop(
        "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output"
    ),
    gettext_noop(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this isn\'t provided, '
        "the DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    gettext_noop('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    gettext_noop("Display a full stack trace on CommandError exceptions."),
    gettext_noop("Don't colorize the command output."),
    gettext_noop("Force colorization of the command output."),
    gettext_noop("Skip system checks."),
)


def _translate(message: Any) -> Any:
    """Django's gettext once the apps are loaded (argparse speaks before ``django.setup()`` too)."""
    if not isinstance(message, str) or not message or not apps.ready:
        return message
    try:
        return gettext(message)
    except ImproperlyConfigured:  # no settings: English
        return message


def _translate_plural(singular: str, plural: str, n: int) -> str:
    if not apps.ready:
        return singular if n == 1 else plural
    try:
        return ngettext(singular, plural, n)
    except ImproperlyConfigured:
        return singular if n == 1 else plural


def install_argparse_translation() -> None:
    """Make argparse's messages go through Django's translations (idempotent)."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _translate_plural  # type: ignore[attr-defined]


def translate_parser(parser: argparse.ArgumentParser) -> None:
    """Translate the help of every option of ``parser`` and its sub-parsers (English msgids)."""
    for action in parser._actions:
        if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
            action.help = _translate(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                translate_parser(sub)
            for choice in action._choices_actions:
                choice.help = _translate(choice.help)


class NguonCommand(BaseCommand):
    """A management command that speaks Vietnamese on the command line (see the module's docstring)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        install_argparse_translation()
        self.help = _translate(type(self).help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        translate_parser(parser)
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        """Django's ``run_from_argv``, with a ``CommandError`` printed as "Lỗi: <message>"."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as error:
            if options.traceback:
                raise
            if isinstance(error, SystemCheckError):
                self.stderr.write(str(error), lambda x: x)
            else:
                self.stderr.write(gettext("Error: %(message)s") % {"message": error})
            sys.exit(error.returncode)
        finally:
            with contextlib.suppress(ImproperlyConfigured):  # no settings: no connections
                connections.close_all()
