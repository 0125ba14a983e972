"""Block Kit in a terminal.

The demo has no Slack client to draw the bot's cards, so these pure functions turn a message into text a
person can read (and a test can assert on) and number every button, select and overflow menu so the person can
"press" one by typing its number. Anything unexpected renders as best it can and never raises: a malformed
card should show up in the demo, not crash it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


@dataclass(frozen=True)
class Control:
    """An interactive element a person can press by ``number``; ``options`` are (label, value) pairs."""

    number: int
    kind: str  # "button" | "select" | "overflow"
    label: str
    action_id: str
    block_id: str
    value: str | None
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rendered:
    """A message as plain text, and the controls numbered in it, in reading order."""

    text: str
    controls: tuple[Control, ...]


def render_message(message: Mapping[str, Any], *, width: int = 100, start_number: int = 1) -> Rendered:
    """Plain text (no ANSI codes) for piped output and assertions, plus the numbered controls."""
    builder = _Builder(width=width, start_number=start_number)
    renderables = builder.message(message)
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        no_color=True,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    with console.capture() as capture:
        for renderable in renderables:
            console.print(renderable)
    lines = [line.rstrip() for line in capture.get().splitlines()]
    return Rendered(text="\n".join(lines).strip("\n"), controls=tuple(builder.controls))


def print_message(
    console: Console,
    message: Mapping[str, Any],
    *,
    title: str | None = None,
    start_number: int = 1,
) -> tuple[Control, ...]:
    """Print the message framed like a Slack card (coloured when ``console`` is a terminal)."""
    builder = _Builder(width=max(console.width - 4, 20), start_number=start_number)
    body = builder.message(message)
    console.print(Panel(Group(*body), title=title, title_align="left", border_style="dim", expand=True))
    return tuple(builder.controls)


_TOKEN = re.compile(
    r"```(?P<pre>.+?)```"
    r"|`(?P<code>[^`\n]+)`"
    r"|<(?P<angle>[^<>\n]+)>"
    r"|(?<!\w)\*(?P<bold>[^*\s](?:[^*\n]*[^*\s])?)\*(?!\w)"
    r"|(?<!\w)_(?P<italic>[^_\s](?:[^_\n]*[^_\s])?)_(?!\w)"
    r"|(?<!\w)~(?P<strike>[^~\s](?:[^~\n]*[^~\s])?)~(?!\w)",
    re.DOTALL,
)
_STYLES = {"bold": "bold", "italic": "italic", "strike": "strike", "code": "cyan", "pre": "cyan"}
_MENTION = "bold magenta"
_LINK = "underline blue"

Segment = tuple[str, str]  # (text, rich style)


def mrkdwn_to_text(s: str) -> str:
    """Slack mrkdwn as plain text: markers dropped, links as "label (url)", mentions as @id / #name."""
    return "".join(text for text, _ in _mrkdwn(s))


def _mrkdwn(s: str, style: str = "") -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for match in _TOKEN.finditer(s):
        out.append((_unescape(s[pos : match.start()]), style))
        kind = match.lastgroup or ""
        inner = match.group(kind)
        if kind in ("pre", "code"):
            out.append((_unescape(inner.strip("\n")), _join(style, _STYLES[kind])))
        elif kind == "angle":
            out.extend(_angle(inner, style))
        else:
            out.extend(_mrkdwn(inner, _join(style, _STYLES[kind])))
        pos = match.end()
    out.append((_unescape(s[pos:]), style))
    return [segment for segment in out if segment[0]]


def _angle(inner: str, style: str) -> list[Segment]:
    """``<...>`` tokens: links, user / channel mentions, and special mentions like ``<!here>``."""
    target, _, label = inner.partition("|")
    label = _unescape(label)
    if target.startswith("@"):
        return [(f"@{label or target[1:]}", _join(style, _MENTION))]
    if target.startswith("#"):
        return [(f"#{label or target[1:]}", _join(style, _MENTION))]
    if target.startswith("!"):
        if label:
            return [(label if label.startswith("@") else f"@{label}", _join(style, _MENTION))]
        return [(f"@{target[1:].split('^')[0]}", _join(style, _MENTION))]
    url = _unescape(target)
    if not label or label == url or url == f"mailto:{label}":
        return [(url.removeprefix("mailto:"), _join(style, _LINK))]
    return [(label, _join(style, _LINK)), (f" ({url})", _join(style, "dim"))]


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _join(style: str, extra: str) -> str:
    return f"{style} {extra}".strip()


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _text(obj: object) -> Text:
    """A text object (or a bare string) as rich Text: plain_text literally, mrkdwn with its styles."""
    if isinstance(obj, str):
        return _segments(_mrkdwn(obj))
    text = _map(obj)
    if text.get("type") == "plain_text":
        return Text(_str(text.get("text")))
    return _segments(_mrkdwn(_str(text.get("text"))))


def _plain(obj: object) -> str:
    return _text(obj).plain


def _segments(segments: Iterable[Segment]) -> Text:
    out = Text()
    for text, style in segments:
        out.append(text, style=style or None)
    return out


def _options(element: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(label, value) for every option, option groups flattened in order."""
    options = list(_seq(element.get("options")))
    for group in _seq(element.get("option_groups")):
        options.extend(_seq(_map(group).get("options")))
    return tuple((_plain(_map(o).get("text")), _str(_map(o).get("value"))) for o in options)


class _Builder:
    """Turns blocks into rich renderables, numbering controls in reading order."""

    def __init__(self, *, width: int, start_number: int) -> None:
        self.width = width
        self.next_number = start_number
        self.controls: list[Control] = []
        self.out: list[RenderableType] = []

    def message(self, message: Mapping[str, Any]) -> list[RenderableType]:
        blocks = _seq(message.get("blocks"))
        if blocks:
            for block in blocks:
                self.block(_map(block))
        else:
            self.out.append(_text(_str(message.get("text"))))
        return self.out

    def block(self, block: Mapping[str, Any]) -> None:
        kind = block.get("type")
        block_id = _str(block.get("block_id"))
        if kind == "header":
            header = _text(block.get("text"))
            header.stylize("bold")
            self.out.append(header)
            self.out.append(Text("━" * min(cell_len(header.plain), self.width), style="bold"))
        elif kind == "section":
            self.section(block, block_id)
        elif kind == "context":
            parts = [self.context_element(_map(e)) for e in _seq(block.get("elements"))]
            self.out.append(Text("  ", style="dim").join(parts))
        elif kind == "divider":
            self.out.append(Text("─" * self.width, style="dim"))
        elif kind == "actions":
            controls = []
            parts = []
            for element in _seq(block.get("elements")):
                part, control = self.element(_map(element), block_id)
                parts.append(part)
                if control is not None:
                    controls.append(control)
            self.out.extend(_flow(parts, self.width))
            self.option_lines(controls)
        elif kind == "image":
            title = _plain(block.get("title")) or _str(block.get("alt_text"))
            self.out.append(Text.assemble(("[image] ", "dim"), title, (f"  {_str(block.get('image_url'))}", "dim")))
        elif kind == "input":
            self.input(block)
        elif kind == "rich_text":
            self.rich_text(block)
        elif block.get("text"):
            self.out.append(_text(block.get("text")))

    def section(self, block: Mapping[str, Any], block_id: str) -> None:
        if block.get("text"):
            self.out.append(_text(block.get("text")))
        fields = [_text(f) for f in _seq(block.get("fields"))]
        if fields:
            grid = Table.grid(padding=(0, 4))
            grid.add_column()
            grid.add_column()
            for i in range(0, len(fields), 2):
                grid.add_row(*fields[i : i + 2])
            self.out.append(grid)
        accessory = _map(block.get("accessory"))
        if accessory:
            part, control = self.element(accessory, block_id)
            self.out.append(Text.assemble(("  ↳ ", "dim"), part))
            self.option_lines([control] if control else [])

    def context_element(self, element: Mapping[str, Any]) -> Text:
        if element.get("type") == "image":
            return Text(f"[{_str(element.get('alt_text')) or 'image'}]", style="dim")
        text = _text(element)
        text.stylize("dim")
        return text

    def element(self, element: Mapping[str, Any], block_id: str) -> tuple[Text, Control | None]:
        """An element inside an actions block or an accessory; buttons, selects and overflows get a number."""
        kind = element.get("type")
        if kind == "button":
            label = _plain(element.get("text"))
            url = _str(element.get("url"))
            if url:
                return Text.assemble((f"[{label} ↗]", _LINK), (f" {url}", "dim")), None
            control = self.control("button", label, element, block_id)
            style = {"primary": "bold green", "danger": "bold red"}.get(_str(element.get("style")), "bold")
            return Text(f"[{control.number}: {label}]", style=style), control
        if kind == "static_select":
            initial = _map(element.get("initial_option")).get("text")
            label = _plain(initial) or _plain(element.get("placeholder")) or "Choose…"
            control = self.control("select", label, element, block_id, _options(element))
            return Text(f"[{control.number}: {label} ▾]", style="bold"), control
        if kind == "overflow":
            control = self.control("overflow", "⋯", element, block_id, _options(element))
            return Text(f"[{control.number}: ⋯]", style="bold"), control
        return _describe(element), None

    def control(
        self,
        kind: str,
        label: str,
        element: Mapping[str, Any],
        block_id: str,
        options: tuple[tuple[str, str], ...] = (),
    ) -> Control:
        value = element.get("value")
        control = Control(
            number=self.next_number,
            kind=kind,
            label=label,
            action_id=_str(element.get("action_id")),
            block_id=block_id,
            value=value if isinstance(value, str) else None,
            options=options,
        )
        self.next_number += 1
        self.controls.append(control)
        return control

    def option_lines(self, controls: Iterable[Control]) -> None:
        """List each menu's choices under the line that shows the menu."""
        for control in controls:
            if control.options:
                labels = " · ".join(label for label, _ in control.options)
                self.out.append(Text.assemble((f"     {control.number} ▾ ", "dim"), labels))

    def input(self, block: Mapping[str, Any]) -> None:
        line = _text(block.get("label"))
        line.stylize("bold")
        if block.get("optional") is True:
            line.append(" (optional)", style="dim")
        line.append(": ")
        self.out.append(line + _describe(_map(block.get("element"))))
        if block.get("hint"):
            hint = Text("  ") + _text(block.get("hint"))
            hint.stylize("dim")
            self.out.append(hint)

    def rich_text(self, block: Mapping[str, Any]) -> None:
        for element in map(_map, _seq(block.get("elements"))):
            kind = element.get("type")
            if kind == "rich_text_list":
                indent = "  " * _int(element.get("indent"))
                ordered = element.get("style") == "ordered"
                for i, item in enumerate(_seq(element.get("elements"))):
                    bullet = f"{_int(element.get('offset')) + i + 1}. " if ordered else "• "
                    self.out.append(Text(indent + bullet) + _inline(_seq(_map(item).get("elements"))))
            elif kind == "rich_text_quote":
                for line in _inline(_seq(element.get("elements"))).split("\n"):
                    self.out.append(Text("▌ ", style="dim") + line)
            elif kind == "rich_text_preformatted":
                code = _inline(_seq(element.get("elements")))
                code.stylize("cyan")
                self.out.append(code)
            else:
                self.out.append(_inline(_seq(element.get("elements"))))


def _flow(parts: Sequence[Text], width: int, gap: str = "  ") -> list[Text]:
    """Lay elements out in lines like Slack's button rows, never breaking a ``[2: Move stage]`` in two."""
    lines: list[Text] = []
    line = Text()
    for part in parts:
        if line and line.cell_len + len(gap) + part.cell_len > width:
            lines.append(line)
            line = Text()
        if line:
            line.append(gap)
        line.append_text(part)
    if line:
        lines.append(line)
    return lines


def _describe(element: Mapping[str, Any]) -> Text:
    """A non-pressable element (an input's field, a date picker, …) as a short bracketed description."""
    kind = _str(element.get("type")) or "element"
    placeholder = _plain(element.get("placeholder"))
    if kind == "plain_text_input":
        value = _str(element.get("initial_value")) or placeholder or "_" * 12
        return Text(f"[ {value} ]", style="dim")
    if kind == "image":
        return Text(f"[image: {_str(element.get('alt_text'))}]", style="dim")
    options = _options(element)
    if options:
        return Text(f"[{kind}: " + " · ".join(label for label, _ in options) + "]", style="dim")
    current = _str(element.get("initial_date")) or _str(element.get("initial_time")) or placeholder
    return Text(f"[{kind}: {current}]" if current else f"[{kind}]", style="dim")


_RICH_STYLES = {"bold": "bold", "italic": "italic", "strike": "strike", "code": "cyan"}


def _inline(elements: Sequence[Any]) -> Text:
    """rich_text inline elements (text, links, mentions, emoji, dates) as one styled Text."""
    out = Text()
    for element in map(_map, elements):
        flags = _map(element.get("style"))
        style = " ".join(rich for name, rich in _RICH_STYLES.items() if flags.get(name) is True)
        out.append(_inline_text(element), style=style or None)
    return out


def _inline_text(element: Mapping[str, Any]) -> str:
    kind = element.get("type")
    if kind == "link":
        url, label = _str(element.get("url")), _str(element.get("text"))
        return f"{label} ({url})" if label and label != url else url
    if kind == "user":
        return f"@{_str(element.get('user_id'))}"
    if kind == "usergroup":
        return f"@{_str(element.get('usergroup_id'))}"
    if kind == "channel":
        return f"#{_str(element.get('channel_id'))}"
    if kind == "broadcast":
        return f"@{_str(element.get('range'))}"
    if kind == "emoji":
        return _emoji(element)
    if kind == "date":
        return _str(element.get("fallback")) or str(element.get("timestamp", ""))
    if kind == "color":
        return _str(element.get("value"))
    return _str(element.get("text"))


def _emoji(element: Mapping[str, Any]) -> str:
    """The emoji itself when Slack sent its code points, else its :name:."""
    code = _str(element.get("unicode"))
    if code:
        try:
            return "".join(chr(int(part, 16)) for part in code.split("-"))
        except (ValueError, OverflowError):
            pass
    return f":{_str(element.get('name'))}:"
