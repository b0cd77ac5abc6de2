"""Result statements: the numbers an abstract reports as a score, an improvement or a
saving, one :class:`~paperkg.model.Result` per number.

A number is a result when what is written around it says so: a unit that scores
("%", "points", "3x"), a metric of the vocabulary next to it ("2.1 BLEU", "an accuracy
of 85 %"), a verb that reports ("achieves", "improves ... by", "reduces ... by"). It is
not one when it counts something ("1.3B parameters", "on 10 datasets"), names something
("GPT-4", "WMT14", "top-1"), refers ("Section 3"), sets something ("k = 5"), is a year,
the starting point of a change ("from 45.1 to 52.3" reports 52.3), or a share of data
("on 10 % of the data"). The words are the lexicon's ``[results]`` table; the metrics
are the vocabulary's ``pkg:Metric`` concepts.

The result takes the metric written next to it, the dataset, task and method the
sentence names (the n-th dataset for the n-th number when the sentence pairs them
"respectively"), and the method the paper proposes when the sentence speaks of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from paperkg.extract.registry import RESULTS, Rule, declare
from paperkg.extract.tokens import TokenTable
from paperkg.knowledge.lexicon import Lexicon
from paperkg.knowledge.vocabulary import Vocabulary, is_case_sensitive, surface_forms
from paperkg.model import Mention, Result

__all__ = ["ResultFinder", "RESULT_RULES"]

#: One rule per kind of result, declared like the finders' rules.
RESULT_RULES = {
    rule.name: rule
    for rule in map(
        declare,
        (
            Rule("result-score", RESULTS, rank=200, type=None, confidence=0.8, reads=("results",)),
            Rule("result-change", RESULTS, rank=210, type=None, confidence=0.75),
            Rule("result-speedup", RESULTS, rank=220, type=None, confidence=0.75),
            Rule("result-other", RESULTS, rank=230, type=None, confidence=0.5),
        ),
    )
}
_RULE_OF_KIND = {
    "absolute": "result-score",
    "improvement": "result-change",
    "speedup": "result-speedup",
    "other": "result-other",
}

# A number, with a sign where one is written ("+2.1", "−0.4"); thousands separators.
# "5 700x": a space between thousands only before a unit that scores
_NUMBER = re.compile(
    r"([+±−–-])?(\d{1,3}(?:[,\u2009\u202f\u00a0]\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?: \d{3})+(?=\s?(?:%|x\b|×|times))|\d+(?:\.\d+)?|\.\d+)"
)
# a range's low end, or a change's start, is followed by its high end or its result
_RANGE_START = re.compile(r"\s*(?:[-–~]|to)\s*[+]?\d")
_CHANGE_END = re.compile(r"\bfrom\s+[+−-]?[\d.,]+\s*\S*\s+to\s*$")
_WORD = re.compile(r"[\w@][\w@.\-]*[\w%]|[\w@%]")
_YEAR = re.compile(r"(19|20)\d\d")
# what may stand right before a number's first character: nothing that glues it into a
# name ("GPT-4", "WMT14", "pass@1", "v1.5", "3/5", "$3")
_GLUED_BEFORE = re.compile(r"[\w.@/$€£_'’^\-−+±]")
# a clause ends at these: a number's metric, dataset and cues are read within its clause
_CLAUSE = re.compile(r";|, (?:while|whereas|but|and (?:it|we|our)|which)\b|\. ")
# what stands between two numbers said alike: "72.5 % and 74.7 %", "8.8, 9.6 and 3.1"
_COORDINATED = re.compile(r"\s*(?:,|/|,?\s*(?:and|or))\s*")
_WINDOW = 60  # characters read on each side of a number for its cues


@dataclass(frozen=True)
class _Number:
    """One number of a sentence: where it is written, its value and unit."""

    start: int  # of the sign or first digit
    end: int  # after the unit
    digits_end: int
    value: str
    number: str
    unit: str
    sign: str


@dataclass(frozen=True)
class _Span:
    """A metric or mention found in the sentence: characters, text and what it is."""

    start: int
    end: int
    text: str
    ref: str | None = None  # a metric's IRI
    type: str | None = None
    proposed: bool = False


class ResultFinder:
    """Finds the result statements of a document, given its mentions."""

    def __init__(self, lexicon: Lexicon, vocabulary: Vocabulary) -> None:
        words = lexicon.result_words
        self.words = words
        self.units = _unit_pattern(words)
        self.unit_kind = {
            unit.lower(): kind
            for kind in ("percent", "point", "multiplier", "time")
            for unit in words[f"{kind}_units"]
        }
        self.metrics = _metric_patterns(vocabulary)
        self.metric_words = {
            form.lower()
            for entry in vocabulary.metrics.values()
            for label in (entry.label, *entry.alt_labels)
            for form in surface_forms(label)
        }

    def __call__(self, table: TokenTable, mentions: Sequence[Mention]) -> list[Result]:
        """The results of every sentence, in text order."""
        proposed = next((m.surface for m in mentions if m.proposed), None)
        results: list[Result] = []
        for index, (start, end) in enumerate(table.sentences):
            sentence = table.span_text(start, end)
            if not any(c.isdigit() for c in sentence):
                continue
            spans = [m for m in mentions if m.sentence_index == index]
            results.extend(self._sentence(index, sentence, spans, proposed))
        return results

    def _sentence(
        self, index: int, sentence: str, mentions: list[Mention], proposed: str | None
    ) -> Iterator[Result]:
        numbers = [n for n in self._numbers(sentence) if not self._not_a_result(sentence, n)]
        if not numbers:
            return
        metrics = self._metric_spans(sentence)
        found = _locate(sentence, mentions)
        datasets = [s for s in found if s.type == "dataset"]
        stated: list[tuple[_Number, _Span | None, str, str | None]] = []
        runs: list[list[int]] = []  # numbers said alike, by their place in ``stated``
        for number in numbers:
            if stated and _COORDINATED.fullmatch(sentence[stated[-1][0].end : number.start]):
                # "72.5 % and 74.7 %", "by 8.8, 9.6 and 3.1": said as the one before
                stated.append((number, *stated[-1][1:]))
                runs[-1].append(len(stated) - 1)
                continue
            metric = self._metric_of(sentence, number, metrics)
            kind, change = self._kind(sentence, number, metric)
            if kind is not None:
                stated.append((number, metric, kind, change))
                runs.append([len(stated) - 1])
        paired: dict[int, _Span] = {}
        if "respectively" in sentence.lower():
            for run in runs:  # "72.5 % and 74.7 % on A and B, respectively"
                after = [d for d in datasets if d.start >= stated[run[-1]][0].end]
                if len(run) > 1 and len(after) >= len(run):
                    paired.update(zip(run, after, strict=False))
        for position, (number, metric, kind, change) in enumerate(stated):
            dataset = paired.get(position) or _nearest(sentence, number, datasets)
            opened = sentence.rfind("(", 0, number.start)
            closed = sentence.find(")", number.end)
            if opened > sentence.rfind(")", 0, number.start) and not any(
                number.end <= d.start and (closed < 0 or d.end <= closed) for d in datasets
            ):
                # "on CIFAR-10 (FID 1.73)": a number in parentheses naming no dataset is
                # about the one before them
                named = [d for d in datasets if d.end <= opened]
                dataset = named[-1] if named else dataset
            task = _nearest(sentence, number, [s for s in found if s.type == "task"])
            rule = RESULT_RULES[_RULE_OF_KIND[kind]]
            yield Result(
                value=number.value,
                number=number.number,
                unit=number.unit,
                kind=kind,
                sentence_index=index,
                evidence=sentence,
                rule=rule.name,
                confidence=rule.confidence if metric or kind != "absolute" else 0.6,
                metric=metric.text if metric else None,
                metric_id=metric.ref if metric else None,
                dataset=dataset.text if dataset else None,
                task=task.text if task else None,
                method=self._method_of(sentence, number, found, proposed),
                change=change,
            )

    # -- numbers ------------------------------------------------------------------------

    def _numbers(self, sentence: str) -> Iterator[_Number]:
        """Every free-standing number with the unit written after it."""
        for match in _NUMBER.finditer(sentence):
            sign, digits = match.group(1) or "", match.group(2)
            start = match.start()
            if sign in {"-", "–"} and re.search(r"\d[%x×]?\s?$", sentence[:start]):
                sign = ""  # "2-2.5 %", "17.6–42 %", "30%-50%": a range's high end
                start += 1
            elif (
                sign
                and start > 0
                and not (sentence[start - 1].isspace() or sentence[start - 1] in "([")
            ):
                continue  # "GPT-4", "top-1": the sign is a hyphen of a name
            elif not sign and start > 0 and _GLUED_BEFORE.match(sentence[start - 1]):
                continue
            after = match.end()
            unit_match = self.units.match(sentence, after)
            unit = unit_match.group(1) if unit_match else ""
            end = unit_match.end() if unit_match else after
            if not unit and _glued_after(sentence, after):
                continue  # "7B", "3D", "1st", "3-shot", "1-5", "3/5", "2:1"
            try:
                number = Decimal(re.sub(r"[,\s]", "", digits))
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                continue
            if sign in "−-" and sign:
                number = -number
            yield _Number(
                start, end, after, sentence[start:end].strip(), _plain(number), unit, sign
            )

    def _not_a_result(self, sentence: str, number: _Number) -> bool:
        """A year, a reference or setting, the start of a change, a count, a share of data."""
        words = self.words
        before = _words(sentence[max(0, number.start - _WINDOW) : number.start])
        after = _words(sentence[number.end : number.end + _WINDOW])
        kind = self.unit_kind.get(number.unit.lower())
        if not number.unit and not number.sign and _YEAR.fullmatch(number.value):
            return True
        if before and before[-1] in words["reference_words"]:
            return True
        written_before = sentence[: number.start]
        if written_before.endswith("=") or (
            written_before.rstrip().endswith("=")
            and before[-1:] != []
            and before[-1] not in self.metric_words
        ):
            return True  # "k = 5", "NFE=5": a setting; "FID = 2.1" is a score
        if _RANGE_START.match(sentence, number.end):
            return True  # "from 45.1 to 52.3", "2–6x", "1 % ~ 4 %": the high end is the result
        if kind is None and not number.sign and any(w in words["count_nouns"] for w in after[:4]):
            return not (after and after[0] in self.metric_words)
        if kind == "multiplier" and after[:1] in (["more"], ["larger"], ["bigger"]):
            return len(after) > 1 and after[1] in words["count_nouns"] | {"data", "compute"}
        if kind == "percent" and after[:1] == ["of"]:
            return not any(w in words["performance_nouns"] for w in after[1:5])
        return False

    # -- what the number is -------------------------------------------------------------

    def _metric_spans(self, sentence: str) -> list[_Span]:
        spans = []
        for pattern, refs in self.metrics:
            for match in pattern.finditer(sentence):
                text = match.group(0)
                ref = refs.get(text.lower()) or refs.get(text)
                spans.append(_Span(match.start(), match.end(), text, ref=ref))
        # longest first; drop spans inside a longer one ("accuracy" in "top-1 accuracy")
        spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
        kept: list[_Span] = []
        for span in spans:
            if not kept or span.start >= kept[-1].end:
                kept.append(span)
        return kept

    def _metric_of(self, sentence: str, number: _Number, metrics: list[_Span]) -> _Span | None:
        """The metric written right after the number ("88.2 % top-1 accuracy", "2.1
        BLEU"), else the nearest one before it in its clause ("an accuracy of 85 %")."""
        clause_start, clause_end = _clause(sentence, number.start)
        for metric in metrics:
            gap = sentence[number.end : metric.start]
            close = metric.start >= number.end and len(_words(gap)) <= 2
            if close and clause_end >= metric.end and not re.search(r"[,;()]", gap):
                return metric
        before = [m for m in metrics if clause_start <= m.start and m.end <= number.start]
        return before[-1] if before else None

    def _kind(
        self, sentence: str, number: _Number, metric: _Span | None
    ) -> tuple[str | None, str | None]:
        """The kind of result and the direction of its change; no kind: no result."""
        words = self.words
        unit_kind = self.unit_kind.get(number.unit.lower())
        clause_start, clause_end = _clause(sentence, number.start)
        before = _words(sentence[max(clause_start, number.start - _WINDOW) : number.start])
        # what follows the number up to the next comma or "and" ("reduces the error by
        # 30 %, runs 3x faster": "faster" is the next number's)
        phrase = re.search(r",|;|\band\b", sentence[number.end : clause_end])
        phrase_end = number.end + phrase.start() if phrase else clause_end
        after = _words(sentence[number.end : min(phrase_end, number.end + _WINDOW)])
        near = before[-6:] + after[:4]
        decrease = any(w in words["decrease_words"] for w in near)
        increase = any(w in words["increase_words"] for w in near) or number.sign == "+"
        saving = any(w in words["saving_nouns"] for w in before[-5:] + after[:3])
        speed = any(w in words["speed_words"] for w in before[-8:] + after[:3])
        change = self._change(before[-6:], after[:4], number.sign)
        if unit_kind in {"multiplier", "percent"} and (speed or (decrease and saving)):
            return "speedup", "decrease" if decrease or speed else change
        if unit_kind == "time" and (speed or decrease):
            return "speedup", "decrease"
        if _CHANGE_END.search(sentence[: number.start]):
            return "improvement", change  # "reduces the loss from 1.20 to 1.12"
        unhedged = list(before)
        while unhedged and unhedged[-1] in words["hedge_words"]:
            unhedged.pop()
        by = unhedged[-1:] == ["by"]
        if (
            by
            or number.sign in {"+", "−", "-"}
            or (after[:1] and after[0] in words["increase_words"] | words["decrease_words"])
        ) and (increase or decrease or by):
            return "improvement", change or "increase"
        if unit_kind == "multiplier":
            return ("improvement", change) if increase or decrease else (None, None)
        if metric is not None:
            return "absolute", None
        if unit_kind in {"percent", "point"} and any(
            w in words["score_words"] for w in before[-4:]
        ):
            return "absolute", None
        if unit_kind in {"percent", "point"} and (increase or decrease):
            return "improvement", change
        return None, None

    def _change(self, before: list[str], after: list[str], sign: str) -> str | None:
        """ "increase" or "decrease", as the cue word nearest the number says (the words
        before it first: "reduces the error by 30 %, improving ..." is a decrease)."""
        if sign in {"+", "−", "-"}:
            return "increase" if sign == "+" else "decrease"
        for word in (*reversed(before), *after):
            if word in self.words["decrease_words"]:
                return "decrease"
            if word in self.words["increase_words"]:
                return "increase"
        return None

    def _method_of(
        self, sentence: str, number: _Number, found: list[_Span], proposed: str | None
    ) -> str | None:
        """The paper's own method when the sentence speaks of it or names it; else the
        last method or model named before the number, when it is the sentence's subject."""
        own = [s for s in found if s.proposed and s.start < number.start]
        if own:
            return own[-1].text
        lowered = _words(sentence[: number.start])
        if proposed and any(w in self.words["own_words"] for w in lowered):
            return proposed
        methods = [
            s for s in found if s.type in {"method", "architecture"} and s.end <= number.start
        ]
        if methods and not re.search(
            r"\b(?:than|over|outperform\w*|surpass\w*|beat\w*|compared)\b",
            sentence[: methods[0].start],
        ):
            return methods[0].text
        return proposed


def _unit_pattern(words: dict[str, frozenset[str]]) -> re.Pattern[str]:
    """The units written after a number, longest first, as a pattern anchored there."""
    units = sorted(
        (u for kind in ("percent", "point", "multiplier", "time") for u in words[f"{kind}_units"]),
        key=len,
        reverse=True,
    )
    alternatives = "|".join(
        re.escape(u) + (r"(?![\w])" if u[-1].isalnum() or u[-1] == "." else "") for u in units
    )
    return re.compile(rf"\s?({alternatives})", re.IGNORECASE)


def _metric_patterns(vocabulary: Vocabulary) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """Patterns for the metric labels: one ignoring case, one for short acronyms
    matched as written ("IS", "MAP" and "AP" are words otherwise)."""
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for entry in vocabulary.metrics.values():
        for label in (entry.label, *entry.alt_labels):
            for form in surface_forms(label):
                if is_case_sensitive(form):
                    exact.setdefault(form, entry.iri)
                else:
                    folded.setdefault(form.lower(), entry.iri)
    patterns = []
    for forms, flags in ((folded, re.IGNORECASE), (exact, 0)):
        if forms:
            alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            pattern = re.compile(rf"(?<![\w@\-])(?:{alternatives})(?![\w@]|-\w)", flags)
            patterns.append((pattern, forms))
    return patterns


def _locate(sentence: str, mentions: Iterable[Mention]) -> list[_Span]:
    """The mentions' places in the sentence (each occurrence of their words)."""
    spans = []
    for mention in mentions:
        for match in re.finditer(re.escape(mention.surface), sentence):
            spans.append(
                _Span(
                    match.start(),
                    match.end(),
                    mention.surface,
                    type=mention.type,
                    proposed=mention.proposed,
                )
            )
    return sorted(spans, key=lambda s: s.start)


def _nearest(sentence: str, number: _Number, spans: list[_Span]) -> _Span | None:
    """The span the number is about: the first after it in its clause ("... on X"), else
    the last before it in the sentence, else the first after it."""
    if not spans:
        return None
    _, clause_end = _clause(sentence, number.start)
    after = [s for s in spans if s.start >= number.end]
    in_clause = [s for s in after if s.end <= clause_end]
    before = [s for s in spans if s.end <= number.start]
    if in_clause:
        return in_clause[0]
    if before:
        return before[-1]
    return after[0] if after else None


def _clause(sentence: str, position: int) -> tuple[int, int]:
    """The characters of the clause around ``position``."""
    start, end = 0, len(sentence)
    for match in _CLAUSE.finditer(sentence):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _glued_after(sentence: str, end: int) -> bool:
    """A letter, a hyphen or slash and more, or a range glued to a number's end."""
    rest = sentence[end : end + 2]
    if not rest:
        return False
    return rest[0].isalpha() or (rest[0] in "-–/:" and len(rest) > 1 and rest[1].isalnum())


def _plain(number: Decimal) -> str:
    """The decimal without exponent: "88.2", "3", "-0.4"."""
    return format(number.normalize(), "f") if number != number.to_integral() else str(int(number))
