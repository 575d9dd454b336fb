"""The ``trienkhai`` command's own texts in Vietnamese: help pages and usage errors.

Typer and Click print "Usage:", "Show this message and exit.", "No such option: --asof",
"Missing argument 'ID'." in English whatever the locale. The clerks who run the command
read Vietnamese, so the root command renders help and usage errors itself, from the
commands' parameters and the exceptions' fields (not from the libraries' English
messages), with the words in ``cli_text.yaml``. Every command below the root gets the same
rendering (``vietnamise``), so a command added later needs nothing of its own.
"""

from __future__ import annotations

import difflib
import inspect
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
import yaml
from typer.core import TyperCommand, TyperGroup

try:  # Typer ≥ 0.2x carries its own copy of Click
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - older Typer on Click
    from click import exceptions as cx  # type: ignore[no-redef]

_TEXT = yaml.safe_load((Path(__file__).with_suffix(".yaml")).read_text(encoding="utf-8"))
L: dict[str, str] = _TEXT["labels"]
E: dict[str, str] = _TEXT["errors"]
_METAVARS: dict[str, str] = _TEXT["metavars"]
_BY_NAME: dict[str, str] = _TEXT["by_name"]
_REASONS = [(re.compile(p, re.I), v) for p, v in _TEXT["reasons"]]


# ------------------------------------------------------------------ parameters

def _is_help(param: Any) -> bool:
    return "--help" in getattr(param, "opts", ())


def metavar(param: Any, ctx: Any = None) -> str:
    """A parameter's placeholder in Vietnamese: its own metavar, else one named for it
    (``by_name``), else one from its type."""
    own = getattr(param, "metavar", None)
    if own:
        return own
    command = ctx.info_name if ctx is not None else ""
    longs = [o for o in param.opts if o.startswith("--")]
    for name in ([f"{longs[0]}@{command}", longs[0]] if longs and param.param_type_name == "option"
                 else [f"{command}:{param.name}", str(param.name)]):
        if name in _BY_NAME:
            return _BY_NAME[name]
    choices, name = _type_of(param)
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    return _METAVARS.get(name, _METAVARS["default"])


_ANNOTATION_NAMES = {str: "text", int: "integer", float: "float", Path: "path"}


def _type_of(param: Any) -> tuple[Sequence[Any] | None, str]:
    """(choices, type name) of a parameter: Typer's own type descriptor where it has one
    (Typer ≥ 0.2x), else Click's ParamType."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None:
        if getattr(desc, "is_choice", False):
            return list(desc.choices or ()), "choice"
        if getattr(desc, "is_path", False):
            return None, "path"
        ann = desc.annotation
        inner = getattr(ann, "__args__", None)
        if getattr(desc, "is_list", False) and inner:
            ann = inner[0]
        return None, _ANNOTATION_NAMES.get(ann, "default")
    t = getattr(param, "type", None)
    return getattr(t, "choices", None), str(getattr(t, "name", "") or "").lower()


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False)) or _is_help(param)


def _opts(param: Any, ctx: Any) -> str:
    names = ", ".join([*param.opts, *getattr(param, "secondary_opts", [])])
    if param.param_type_name == "argument":
        return metavar(param, ctx)
    return names if _is_flag(param) else f"{names} {metavar(param, ctx)}"


def _default(param: Any) -> str | None:
    d = param.default
    if _is_flag(param) or d is None or d == () or d == [] or callable(d):
        return None
    if getattr(param, "show_default", True) is False:
        return None
    value = ", ".join(map(str, d)) if isinstance(d, (list, tuple)) else str(getattr(d, "value", d))
    return L["default"].format(value=value)


def _param_help(param: Any) -> str:
    if _is_help(param):
        return L["help_option"]
    parts = [inspect.cleandoc(param.help or "")] if getattr(param, "help", None) else []
    if (d := _default(param)) is not None:
        parts.append(d)
    if param.required:
        parts.append(L["required"])
    return "  ".join(p for p in parts if p)


# ------------------------------------------------------------------ help pages

def usage_pieces(command: Any, ctx: Any) -> list[str]:
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    pieces = [L["options_piece"]] if any(p.param_type_name == "option" for p in params) else []
    for p in params:
        if p.param_type_name == "argument":
            m = metavar(p, ctx)
            if p.nargs != 1:
                m += "..."
            pieces.append(m if p.required else f"[{m}]")
    if isinstance(command, TyperGroup):
        pieces.append(L["command_piece"])
    return pieces


def write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(usage_pieces(command, ctx)),
                          prefix=L["usage"] + " ")


def write_help(command: Any, ctx: Any, formatter: Any) -> None:
    """Usage, the command's docstring, then its arguments, options and sub-commands."""
    write_usage(command, ctx, formatter)
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(command.help))
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    for title, kind in ((L["arguments"], "argument"), (L["options"], "option")):
        rows = [(_opts(p, ctx), _param_help(p)) for p in params if p.param_type_name == kind]
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, inspect.cleandoc(sub.help or "").split("\n\n")[0]))
        if rows:
            with formatter.section(L["commands"]):
                formatter.write_dl(rows)


class VietCommand(TyperCommand):
    """A command whose help page is in Vietnamese."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        write_help(self, ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)


class VietGroup(TyperGroup):
    """A group of commands with Vietnamese help pages and usage errors.

    As the root command (``main``) it also prints usage errors in Vietnamese and converts
    every command below it (``vietnamise``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sub in self.commands.values():
            vietnamise(sub)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        write_help(self, ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                              standalone_mode=False, **extra)
        except cx.ClickException as e:
            if not standalone_mode:
                raise
            show_error(e)
            sys.exit(e.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            if not standalone_mode:
                raise
            typer.echo(L["aborted"], err=True)
            sys.exit(1)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


def vietnamise(command: Any) -> Any:
    """Give ``command`` and everything below it the Vietnamese help and errors.

    Only the class changes, and only from Typer's own classes: the subclasses add methods
    and no state. A command with a class of its own keeps it.
    """
    if type(command) is TyperGroup:
        command.__class__ = VietGroup
    elif type(command) is TyperCommand:
        command.__class__ = VietCommand
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            vietnamise(sub)
    return command


# ------------------------------------------------------------------ errors

def _names(param: Any, ctx: Any = None) -> str:
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return metavar(param, ctx)
    return " / ".join(param.opts)


def reason(message: str) -> str:
    """Why a value was refused, in Vietnamese, from the library's English message."""
    for pattern, text in _REASONS:
        m = pattern.search(message or "")
        if m:
            groups = ["", *(g or "" for g in m.groups())]
            return re.sub(r"\{(\d)\}", lambda g, gs=groups: gs[int(g.group(1))]
                          if int(g.group(1)) < len(gs) else "", text)
    return E["generic"]


def _suggest(name: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.5)
    return E["did_you_mean"].format(names=", ".join(near)) if near else ""


def message(e: Exception) -> str:
    """The Vietnamese message of a usage error, built from its fields."""
    ctx = getattr(e, "ctx", None)
    if isinstance(e, cx.NoSuchOption):
        known = [o for p in ctx.command.get_params(ctx) for o in p.opts] if ctx else []
        near = difflib.get_close_matches(e.option_name, known, n=3, cutoff=0.7)
        return E["no_such_option"].format(name=e.option_name) + (
            E["did_you_mean"].format(names=", ".join(near)) if near else "")
    if isinstance(e, cx.MissingParameter):
        p = e.param
        key = "missing_argument" if p is not None and p.param_type_name == "argument" \
            else "missing_option"
        return E[key].format(name=_names(p, ctx) or (e.param_hint or ""))
    if isinstance(e, cx.BadParameter):
        name = _names(e.param, ctx) or str(e.param_hint or "")
        return E["bad_value"].format(name=name, reason=reason(e.message))
    if isinstance(e, cx.BadOptionUsage):
        key = "takes_no_value" if "does not take" in e.message else "requires_value"
        return E[key].format(name=e.option_name)
    if isinstance(e, cx.FileError):
        return E["file_error"].format(name=e.ui_filename)
    text = getattr(e, "message", "") or ""
    if m := re.search(r"No such command '(.+?)'", text):
        group = ctx.command if ctx else None
        cmds = group.list_commands(ctx) if isinstance(group, TyperGroup) else []
        return E["no_such_command"].format(name=m.group(1)) + _suggest(m.group(1), cmds)
    if m := re.search(r"unexpected extra argument(?:s|\(s\))? \((.*)\)", text):
        return E["extra_arguments"].format(args=m.group(1))
    if "Missing command" in text:
        group = ctx.command if ctx else None
        cmds = group.list_commands(ctx) if isinstance(group, TyperGroup) else []
        return E["missing_command"].format(names=", ".join(cmds))
    return E["generic"]


def show_error(e: Exception) -> None:
    """Usage, where to find help, and the error, on stderr (help itself on stdout)."""
    ctx = getattr(e, "ctx", None)
    if type(e).__name__ == "NoArgsIsHelpError" and ctx is not None:
        typer.echo(ctx.get_help())
        return
    if ctx is not None:
        typer.echo(L["usage"] + " " + " ".join([ctx.command_path,
                                                 *usage_pieces(ctx.command, ctx)]), err=True)
        typer.echo(L["see_help"].format(command=ctx.command_path), err=True)
    typer.echo(L["error"].format(message=message(e)), err=True)
