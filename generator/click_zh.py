"""Click's own words in Chinese: usage, help, and the errors click raises before a command runs.

Click takes every sentence it shows through `gettext` (`from gettext import gettext as _` in each of its
modules). `install()` points those names at `CATALOGUE`, so "Usage:", "Error: No such option …" and
"Show this message and exit." reach the user in Chinese whatever the machine's locale. A sentence missing
from the catalogue stays English; `tests/test_click_zh.py` checks that every sentence of click's that a user
of this program can meet is here.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

CATALOGUE: dict[str, str] = {
    # -- usage and help --
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本说明并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（运行时决定）",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已停用",
    "required": "必填",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    # -- errors in what was typed --
    "Error: {message}": "错误：{message}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such option: {name}": "没有选项“{name}”。",
    "Did you mean {possibility}?": "是否想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想输入其中之一：{possibilities}？）",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符不对（{option}）",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Value must be an iterable.": "值必须是一组。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止。",
    # -- values of the wrong kind --
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在，请检查路径和文件名。",
    "{name} {filename!r} is a file.": "“{filename}”是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "“{filename}”是文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取，请检查权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入，请检查权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不在可选值 {choices} 之中。",
    # -- click names the number type in English ("integer range"), so the Chinese leaves it out --
    "{value!r} is not a valid {number_type}.": "“{value}”不是数字，请填写数字。",
    "{value} is not in the range {range}.": "{value} 超出允许的范围（{range}，x 即所填的值）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是是非值，可用：{states}",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合格式 {formats} 中的任何一种。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
}
"""Click's English sentence → the Chinese one shown instead. Placeholders are kept; `!r` quotes are dropped."""

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")


def gettext(message: str) -> str:
    """Return the Chinese for one of click's sentences, or the sentence itself when it has none."""
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the Chinese for one of click's sentences that differ by number."""
    return gettext(singular if count == 1 else plural)


def install() -> None:
    """Make click show its own sentences in Chinese, in this process."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class _Formatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class _Context(click.Context):
    formatter_class = _Formatter


class ChineseCommand(click.Command):
    """A command whose usage line says [选项] for [OPTIONS], and whose headings end in a Chinese colon."""

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class ChineseGroup(click.Group):
    """The program's group: Chinese usage line, and Chinese commands under it."""

    command_class = ChineseCommand
    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
