"""The one declaration of every record kind's fields: what a fact file may hold, a record keeps and an export writes.

Each kind (sources, events, claims, recommendations, stats, conflicts and a conflict's ``sides``) is a tuple of
``Field``s in the order a fact file is checked in: Python type(s), whether a file must give it (``required``; None:
hrcli fills it in), vocabulary (a rule the validator knows), model default, whether an export writes it, under which
column name and SQL type, and two descriptions (``doc`` for docs/facts-format.md, ``about`` for Datasette). From it
come ``model``'s slots and defaults, ``validate.SCHEMA``, the views' field lists (every listing's and export's rows),
the SQLite tables, ``publish.COLUMNS`` and the docs' field tables (``python scripts/field_tables.py`` writes them;
tests/test_schema.py compares). A new field is one ``Field`` here plus the code that gives it meaning.
Domain layer: imports nothing, so ``model`` (imported by every command) stays cheap.
"""

from __future__ import annotations

NEEDED = object()  # a model default meaning "no default: the constructor needs it"


class Field:
    """One field of a record kind (see the module's docstring)."""

    __slots__ = ("name", "types", "required", "vocab", "default", "export", "sql", "column", "about", "doc", "need")

    def __init__(
        self, name: str, types: tuple[type, ...] = (str,), required: bool | None = False, vocab: str | None = None,
        default: object = ..., export: bool = True, sql: str = "TEXT", column: str = "", about: str = "",
        doc: str = "", need: str = "",
    ) -> None:  # fmt: skip
        if default is ...:  # a required field has no default; an optional one is empty
            default = NEEDED if required else ""
        self.name, self.types, self.required, self.vocab, self.default = name, types, required, vocab, default
        self.export, self.sql, self.column, self.about, self.doc = export, sql, column or name, about, doc or about
        self.need = need  # the docs' words for a requirement the checks make beyond ``required``


class Kind:
    """A record kind: its fields (file order), its export columns in order (its own and row-only ones, ``ROW_ONLY``)
    and its record's slots (``slots`` first, then the other fields in file order); names separated by spaces."""

    __slots__ = ("name", "fields", "columns", "slots", "by_name")

    def __init__(self, name: str, fields: tuple[Field, ...], columns: str, slots: str = ""):
        self.name, self.fields, self.columns = name, fields, tuple(columns.split())
        self.by_name = {f.name: f for f in fields}
        first = slots.split()
        self.slots = (*first, *(f.name for f in fields if f.name not in first))

    def field(self, name: str) -> Field:
        """A column's declaration: the kind's own field, else a row-only one."""
        return self.by_name.get(name) or ROW_ONLY[name]


# descriptions the Datasette metadata gives each column (one text per column name, whatever the table)
_ID = "Stable record id (use it to cite a row or to look it up with 'hrcli show ID')."
_SOURCE = "Id of the source document (see the sources table)."
_LOCATOR = "Where in the source: paragraph, section or bullet, as that source's cite field explains."
_ORIGIN = "bundled (hrcli's fact base) or user (your own fact files)."
_NOTE = "Anything a reader should know, e.g. how a date was inferred."
_DATE = "EDTF date at the precision the source gives: 2009-11-13, 2009-12, 2011, 2010/2011, 2022/.., /2007."
_START = "Earliest ISO day the date may cover (NULL when the start is unknown)."
_END = "Latest ISO day the date may cover (NULL when the end is open)."
_SUMMARY = "What the source says, in hrcli's own words; hedges and attributions are kept."
_VALUE = "The figure exactly as the source gives it, a number; NULL when the source gives words (value_text)."
_VALUE_TEXT = "The source's words for a value it gives as no plain number ('over two thirds', '2010-07')."
_FILLED = "set by hrcli"


def _id(doc: str = "unique id: lower-case letters, digits, `.`, `_`, `-` (at most 80)") -> Field:
    return Field("id", required=True, about=_ID, doc=doc)


def _source() -> Field:
    return Field("source", required=True, vocab="source", about=_SOURCE, doc="id of a registered source")


def _locator() -> Field:
    return Field("locator", required=True, about=_LOCATOR, doc="where in that source (see above)")


def _note(doc: str = "anything a reader should know") -> Field:
    return Field("note", about=_NOTE, doc=doc)


def _origin(export: bool = True) -> Field:
    return Field("origin", required=None, default="bundled", export=export, about=_ORIGIN, doc=_FILLED)


def _imported_from() -> Field:
    return Field("imported_from", required=None, export=False, doc="set by hrcli import: the file a record came from")


def _bounds() -> tuple[Field, Field]:
    return (
        Field("start", required=None, column="start_date", about=_START, doc=_FILLED + ": the date's earliest day"),
        Field("end", required=None, column="end_date", about=_END, doc=_FILLED + ": the date's latest day"),
    )


_VOICE = "Whose voice the claim is in: government (of Belarus), un-country-team, user, other."
SOURCE = Kind(
    "sources",
    (
        _id("short id, e.g. `gov-2011`"),
        Field(
            "title",
            required=True,
            about="Exact title of a document, resolution, law or project, where one is named.",
            doc="the document's title, exactly",
        ),
        Field("date", required=True, vocab="edtf", about=_DATE, doc="EDTF"),
        Field("kind", required=True, about="Record kind.", doc="what kind of document it is"),
        Field("issuer", required=True, about="Who issued the document.", doc="who issued it"),
        Field("voice", required=True, vocab="voices", about=_VOICE, doc="{words}: whose claims these are"),
        Field(
            "cite",
            required=True,
            about="How to cite a place in the document (what its locators look like).",
            doc="how to cite a place in it (what a locator looks like)",
        ),
        Field(
            "file",
            vocab="relpath",
            about="File name of the document's text in the corpus.",
            doc="file name of the text. For a bundled source, the name the text has in the shared corpus (used only"
            " to explain a refusal: texts are found by `sha256`). For your own source, the path of its text relative"
            " to your facts folder (or to the folder of source texts, `HRCLI_SOURCES_DIR` or `hrcli sources link"
            " DIR`): `hrcli quote` and `show --passage` then read it, and `para. N` counts its blank-line-separated"
            " paragraphs. An absolute path, a `..` or a link that leads out of those folders is refused",
        ),
        Field(
            "sha256",
            vocab="sha256",
            about="SHA-256 of the document's text: identifies the file its locators count in (hrcli quote).",
            doc="SHA-256 of the text file (64 lower-case hex digits). Every bundled source has one: `hrcli quote` and"
            " `show --passage` find the text by this hash in `HRCLI_SOURCES_DIR` or the folder linked with `hrcli"
            " sources link DIR`, and refuse a file whose hash differs. On your own source, a `file` whose hash"
            " differs is refused too",
        ),
        _note(),
        _origin(),
        _imported_from(),
        Field(
            "find",
            about="Where a reader can get the document: its publisher, and what to search for where.",
            doc="where a reader can get the document: who publishes it, what to search for (title, date, agenda"
            " item) and where (the UN Official Document System, a ministry's website). Every bundled source has"
            " one. Name an address or a UN document symbol here only when the document itself or reliable evidence"
            " gives it, and say which",
        ),
        Field(
            "url",
            vocab="url",
            about="Web address of the document, only where the document itself or reliable evidence gives one.",
            doc="the document's web address, `http://` or `https://` only (printed as text, never as a live link)."
            " Only where the document itself or reliable evidence gives it: none of the five bundled documents"
            " does, so none has one",
        ),
        Field(
            "accessed",
            vocab="edtf",
            about="Day the document was read (a dataset: its file's day), the access date.",
            doc="EDTF day you read the document (`hrcli import`: the dataset file's modification day), the citations'"
            " access date. A dataset import sets `date` to `/` and that day (no publication date known: n.d.); set"
            " `date` when you know it",
        ),
    ),
    # find, url (where to get it) and accessed come last: scripts that read older columns by position keep working
    columns="id title date kind issuer voice cite file sha256 note origin find url accessed",
)


def _fact_fields(date: Field) -> tuple[Field, ...]:
    """An event's, a claim's or a recommendation's fields around its ``date`` (one model class, ``Fact``, holds all
    three; a recommendation adds the UPR fields)."""
    return (
        Field("kind", required=None, default=NEEDED, about="Record kind.", doc=_FILLED + ": the record's kind"),
        _id(),
        Field(
            "summary",
            required=True,
            about=_SUMMARY,
            doc="what the source says, **in your own words** (names and titles may be exact)",
        ),
        _source(),
        _locator(),
        Field(
            "status",
            vocab="statuses",
            default="done",
            about="done, planned, pending, ongoing or pledged (a commitment only), as the source presents it.",
            doc="{words}; `pledged`: a commitment the source states, nothing said of its being kept (marked `C`); an "
            "event without one is `done`, a claim or recommendation has none unless given",
        ),
        Field(
            "mechanism",
            vocab="mechanisms",
            about="UN mechanism: treaty-bodies, special-procedures, upr, ohchr, hrc, general-assembly, national, ...",
            doc="{words}",
        ),
        Field(
            "body",
            vocab="body",
            about="Treaty committee code (CAT, CERD, CEDAW, CCPR, CRC, CESCR, CRPD; CORE for the common core"
            " document).",
            doc="committee code: `CAT`, `CERD`, `CEDAW`, `CCPR`, `CRC`, `CESCR`, `CRPD`, or `CORE` (common core"
            " document); a word hrcli knows for one (`torture`, `ICCPR`) is stored as its code. In your own files"
            " also a code of your own (`CMW`, `CED`, `SPT`: 2-16 letters, digits or `-`, starting with a letter),"
            " stored in upper case",
        ),
        Field(
            "action",
            vocab="actions",
            column="action_type",
            about="What kind of step: report, dialogue, visit, invitation, review, ...",
            doc="one of: {plain}",
        ),
        Field(
            "topics",
            (list,),
            vocab="topic",
            default=(),
            about="Comma-separated topic ids.",
            doc="list of topics (below); in your own files any topic of your own",
        ),
        Field(
            "title",
            about="Exact title of a document, resolution, law or project, where one is named.",
            doc="exact name of a document, resolution, law or project",
        ),
        _note("anything a reader should know (e.g. how a date was inferred)"),
        date,
        _origin(),
        *_bounds(),
        _imported_from(),
    )


def _date(required: bool) -> Field:
    """A fact's date: an event must have one; a claim's or a recommendation's is its as-of date."""
    doc = "EDTF; for claims and recommendations, the as-of date"
    return Field("date", required=required, vocab="edtf", default="", about=_DATE, doc=doc)


_UPR = (
    Field("state_under_review", about="UPR: the State reviewed; empty in your own rows: Belarus (never one it made)."),
    Field("recommending_state", about="UPR: the State that made the recommendation, as the dataset names it."),
    Field(
        "response",
        vocab="response",
        about="UPR: what the State under review answered, for counting: accepted, noted, pending or other.",
        doc="what the State under review answered; stored as a counting category, the file's word kept in"
        " `response_text` when it differs (table below)",
    ),
    Field(
        "response_text",
        about="UPR: the dataset's own word for the response where it differs (Supported, Rejected, ...).",
        doc="the dataset's own word for the response (filled from `response` when that is not already the category)",
    ),
    Field(
        "cycle",
        (int, str),
        vocab="cycle",
        default=None,
        sql="INTEGER",
        about="UPR cycle (1 from 2008, 2 from 2012, 3 from 2017, 4 from November 2022): given, or from the session.",
        doc='the UPR cycle, 1 to 9 (`2`, `"2nd"`, `"Cycle II"`, `"second"`). When absent it comes from the'
        " session (1-12 first, 13-26 second, 27-40 third, 41 on fourth), else from the date when the date falls in"
        " one cycle: a cycle runs from the day its first session opened (7 April 2008, 21 May 2012, 1 May 2017,"
        " 7 November 2022) to the next one's, so an outcome the Council adopted months after a cycle's last"
        " session counts in that cycle. Only for a recommendation in the `upr` mechanism or with a response,"
        " State or session",
    ),
    Field(
        "session",
        (int, str),
        vocab="session",
        default=None,
        sql="INTEGER",
        about="UPR Working Group session number (1-12 first cycle, 13-26 second, 27-40 third, 41 on fourth).",
        doc='the UPR session: a number or text holding one (`36`, `"36th"`, `"Session 36"`), within `cycle` if given',
    ),
    Field("action_category", (int, str), default=None, sql="INTEGER", about="UPR Info's action category, 1-5."),
    Field("issues", about="The dataset's own issue or theme names for the recommendation, joined with '; '."),
)

# what a row says beside a record's own fields: computed when a listing or an export is made, never stored
ROW_ONLY = {
    f.name: f
    for f in (
        Field("voice", about=SOURCE.by_name["voice"].about, doc="the voice of the record's source"),
        Field(
            "disputed",
            about="Ids of the recorded disagreements this record is a side of or feeds.",
            doc="the disagreements the record is a side of or feeds",
        ),
        Field("side", (int,), sql="INTEGER", about="Side number within the disagreement.", doc="the side's number"),
        Field("value_text", about=_VALUE_TEXT, doc="a side's value when it is words, not a number"),
    )
}

# the columns a listed or exported event, claim or recommendation has; a recommendation's UPR fields follow
_FACT_COLUMNS = (
    "id kind date start end status mechanism body action topics summary title source locator voice origin note disputed"
)
# the record's own order (``to_dict``, the TOML export): the date follows the locator
_FACT_SLOTS = "kind id summary source locator date"
# an event as a dataset gives it: a vote (OHCHR voting records), a treaty action (UNTC status, OHCHR's dashboard)
_DATASET = tuple(
    Field(n, t, vocab=v, default=None if t == (int,) else "", sql="INTEGER" if t == (int,) else "TEXT", doc=d,
          column=f"votes_{n}" if t == (int,) else n,  # NO is an SQL keyword: the counts' columns say what they are
          about=("Treaty status: " if n.startswith("treaty") else "Vote: ") + d.replace("`", "") + ".")
    for n, t, v, d in (
        ("symbol", (str,), None, "the UN document symbol of the resolution or decision (`A/HRC/RES/17/24`)"),
        ("adopted_by", (str,), None, "the body that voted on it, as the dataset names it (`Human Rights Council`)"),
        ("vote_type", (str,), None, "how it was adopted, the dataset's words (`RECORDED`, `ADOPTED WITHOUT VOTE`)"),
        ("yes", (int,), None, "votes in favour"), ("no", (int,), None, "votes against"),
        ("abstain", (int,), None, "abstentions"), ("nonvoting", (int,), None, "members present that did not vote"),
        ("outcome", (str,), None, "what became of it, as the dataset says (`adopted`, `rejected`, `withdrawn`)"),
        ("amends", (str,), None, "an amendment's draft, as the dataset names it (`A/HRC/45/L.1`)"),
        ("theme", (str,), None, "a text about no State: its subject, as the dataset names it (`MINORITIES`);"
                                " a record with one is not about Belarus (listed with --all-states)"),
        ("treaty", (str,), None, "the instrument a treaty action is about (`ICCPR-OP1`); `body` names its committee"),
        ("treaty_status", (str,), "treaty_status", "`party`, `signatory`, `no-action` (only `party` is ratified)"),
    )
)  # fmt: skip
TREATY_STATUSES = ("party", "signatory", "no-action")
# the three kinds share their field declarations but the date's: built once (every command imports this module)
_SHARED = _fact_fields(_date(True))
_STATE = Field("state", about="The State the event is about, as the dataset names it; empty: Belarus.",
               doc="the State the event is about, as the dataset names it; empty: Belarus (--all-states)")  # fmt: skip
_EVENT_COLUMNS = f"{_FACT_COLUMNS} {' '.join(f.name for f in _DATASET)} state"
EVENT = Kind("events", (*_SHARED, *_DATASET, _STATE), _EVENT_COLUMNS, _FACT_SLOTS)
CLAIM = Kind("claims", tuple(_date(False) if f.name == "date" else f for f in _SHARED), _FACT_COLUMNS, _FACT_SLOTS)
# a UPR recommendation as the published datasets give it (recommendations only; the slots are shared)
_REC_COLUMNS = " ".join((_FACT_COLUMNS, *(f.name for f in _UPR)))
RECOMMENDATION = Kind("recommendations", (*CLAIM.fields, *_UPR), _REC_COLUMNS, _FACT_SLOTS)

STAT = Kind(
    "stats",
    (
        _id(),
        Field("topic", required=True, vocab="topic", about="Topic id.", doc="topic id"),
        Field(
            "table",
            required=True,
            column="stat_table",
            about="Name of the source's table this row belongs to.",
            doc="the table's name, e.g. `Asylum applications by year`",
        ),
        Field(
            "label",
            required=True,
            about="The row's label within its table.",
            doc="the row's label, e.g. `2008` or `Afghanistan`",
        ),
        # a number, or (when the source gives none) its words in value_text: one of the two is required
        Field(
            "value",
            (int, float),
            default=None,
            sql="NUMERIC",
            about=_VALUE,
            doc="a number (integer or decimal), exactly as the source gives it",
            need="required unless value_text",
        ),
        Field(
            "value_text",
            about=_VALUE_TEXT,
            doc='the source\'s words when it gives no number ("over two thirds"); never turned into one',
        ),
        Field(
            "unit",
            required=True,
            about="Unit of the value: persons, cases, percent, USD, ...",
            doc="`persons`, `cases`, `percent`, `places`, `USD`, `copies`, ...",
        ),
        _source(),
        _locator(),
        Field("date", vocab="edtf", about=_DATE, doc="EDTF, when the row is about a period"),
        Field(
            "qualifier",
            about="The source's hedge on the figure: over, almost, nearly, about.",
            doc="the source's hedge: `over`, `almost`, `nearly`, `about`",
        ),
        _note(),
        _origin(),
        *_bounds(),
        Field("kind", required=None, default="stats", export=False, doc=_FILLED + ": `stats`"),
        _imported_from(),
    ),
    columns="id topic table label value unit qualifier date start end source locator voice origin note disputed"
    " value_text",
    # value_text came after the rest: the record's order keeps it last
    slots="id topic table label value unit source locator date qualifier note origin start end kind imported_from",
)

SIDE = Kind(
    "sides",
    (
        _source(),
        _locator(),
        Field(
            "value",
            (str, int, float),
            required=True,
            sql="NUMERIC",
            about=_VALUE,
            doc="the value this side gives: a number, or the source's words",
        ),
        Field("says", required=True, about="What this side says the value is.", doc="what this side says"),
        Field(
            "fact",
            about="Id of the record holding this value, where there is one.",
            doc="the id of the record carrying this value, where there is one",
        ),
        Field(
            "derived",
            (bool,),
            default=False,
            sql="INTEGER",
            about="1 when the value is hrcli's arithmetic on that source's own figures, not a figure it states.",
            doc="`true` when the value is hrcli's arithmetic on the source's own figures",
        ),
    ),
    # an exported side is a row of its conflict (conflict_sides): the conflict's id, topic, summary, explanation
    columns="id topic summary side value says source locator voice derived fact explanation value_text",
)

CONFLICT = Kind(
    "conflicts",
    (
        _id(),
        Field("topic", required=True, vocab="topic", about="Topic id.", doc="topic id"),
        Field("summary", required=True, about=_SUMMARY, doc="what is in dispute, in your own words"),
        Field(
            "explanation",
            required=True,
            about="Why the sides differ, or what is known about the difference.",
            doc="why the sides differ, or what is known about the difference",
        ),
        Field(
            "sides",
            (list,),
            required=True,
            default=(),
            export=False,
            doc="two or more `[[conflicts.sides]]` (below): each a value as one source gives it",
        ),
        Field(
            "related",
            (list,),
            default=(),
            export=False,
            doc="ids of records that restate or feed a value in dispute (marked `disputed` like the sides' records)",
        ),
        _origin(export=False),
        Field("kind", required=None, default="conflicts", export=False, doc=_FILLED + ": `conflicts`"),
    ),
    columns="id topic summary explanation",
)

KINDS: dict[str, Kind] = {k.name: k for k in (SOURCE, EVENT, CLAIM, RECOMMENDATION, STAT, CONFLICT, SIDE)}


def _side_field(name: str) -> Field:
    """A conflict_sides column: the side's own field, else its conflict's, else a row-only one."""
    return SIDE.by_name.get(name) or CONFLICT.by_name.get(name) or ROW_ONLY[name]


def file_fields(kind: str) -> tuple[Field, ...]:
    """The fields a fact file may give for ``kind``, in the order they are checked."""
    return tuple(f for f in KINDS[kind].fields if f.required is not None)


def export_fields(kind: str) -> tuple[Field, ...]:
    """The declarations of ``kind``'s export columns, in order (for ``sides``: a conflict_sides row)."""
    k = KINDS[kind]
    return tuple((_side_field if kind == "sides" else k.field)(c) for c in k.columns)


def record_slots(*kinds: str) -> tuple[str, ...]:
    """The model's slots for the records of ``kinds`` (one class may hold several: Fact), in record order."""
    return tuple(dict.fromkeys(s for k in kinds for s in KINDS[k].slots))


def record_defaults(*kinds: str) -> dict[str, object]:
    """The model's defaults for ``record_slots(*kinds)`` (a field without one is not in the dict)."""
    out: dict[str, object] = {}
    for f in (f for k in kinds for f in KINDS[k].fields if f.default is not NEEDED):
        out.setdefault(f.name, f.default)
    return out


def column_descriptions() -> dict[str, str]:
    """Each export column name (as SQLite names it) -> its description for the Datasette metadata."""
    out: dict[str, str] = {}
    for f in (f for kind in KINDS for f in export_fields(kind) if f.about):
        out.setdefault(f.column, f.about)
    return out
