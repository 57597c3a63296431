"""The PDF/UA-1 checks (ISO 14289-1, the Matterhorn Protocol's machine-checkable
checkpoints), and the :class:`Finding` every preflight check returns. The structure tree
and each page's marked content are walked once; each rule reads what the walks found.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from .pdffile import structure_kids

__all__ = ["Finding", "UnreadablePdfError", "check_document", "check_pdfua1", "open_pdf"]


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a PDF: the rule, the 1-based page (None: the whole document),
    and what is wrong in plain words, with the name a print shop or auditor gives it."""

    rule: str
    page: int | None
    message: str


class UnreadablePdfError(ValueError):
    """The bytes are not a PDF that can be opened, so nothing in them can be checked."""


def open_pdf(data: bytes) -> Any:
    """The PDF in ``data``, opened with pikepdf; :class:`UnreadablePdfError` if it is not one."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadablePdfError("it does not start with %PDF-, so it is not a PDF")
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise UnreadablePdfError("it is encrypted with a password, so it cannot be read") from exc
    except pikepdf.PdfError as exc:
        raise UnreadablePdfError(f"it is damaged and cannot be read ({exc})") from exc


XMP_KEYS = """dc:title pdfuaid:part pdfxid:GTS_PDFXVersion pdf:Trapped xmp:CreateDate
    xmp:ModifyDate xmpMM:DocumentID xmpMM:VersionID xmpMM:RenditionClass""".split()  # noqa: SIM905 - a list of words


def xmp_values(doc: Any) -> dict[str, str]:
    """The XMP metadata entries the checks read, as text; a missing one is left out."""
    try:
        meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
    except Exception:  # unreadable XMP: its entries are reported missing
        return {}
    return {key: str(meta.get(key)).strip() for key in XMP_KEYS if meta.get(key) is not None}


SAYS = {
    "ua.marked": "the catalog's /MarkInfo /Marked is not true: not declared a tagged PDF",
    "ua.struct-tree": "there is no structure tree (/StructTreeRoot): the document is untagged",
    "ua.lang": "the catalog has no /Lang: the document's natural language is not set",
    "ua.display-title": "/ViewerPreferences does not set /DisplayDocTitle true: viewers show "
    "the file name instead of the title (Matterhorn 07-001/07-002)",
    "ua.title": "the XMP metadata has no dc:title: the document has no title (Matterhorn 06-003)",
    "ua.identifier": "the XMP has no pdfuaid:part 1: PDF/UA identifier missing (Matterhorn 06-002)",
    "ua.untagged": "{} piece(s) of text or images are neither tagged nor marked as an "
    "artifact: untagged content (Matterhorn 01-005)",
    "ua.mcid-unreferenced": "marked content with MCID {} is in no structure element: content "
    "not in the structure tree",
    "ua.mcid-missing": "a structure element names marked content MCID {}, which the page's "
    "content does not have: structure element pointing at nothing",
    "ua.reachable": "{} structure element(s) of the /ParentTree cannot be reached from the "
    "structure tree's root: orphaned structure elements",
    "ua.list": "{}, where it may hold only {}: list structure not as the standard defines it "
    "(Matterhorn 09-005)",
    "ua.table": "{}, where it may hold only {}: table structure not as the standard defines "
    "it (Matterhorn 09-004)",
    "ua.figure-alt": "a Figure has no /Alt or /ActualText: figure without alternative text "
    "(Matterhorn 13-004)",
    "ua.headings": "{}: a heading level is skipped (Matterhorn {})",
    "ua.tabs": "a page with annotations does not set /Tabs /S: tab order not the structure "
    "order (Matterhorn 28-008/28-009)",
    "ua.annotation": "a {} annotation is not reached from the structure tree (no OBJR, or no "
    "/StructParent): untagged annotation",
    "link-contents": "a link's description (/Contents) {}: link annotation without an "
    "alternate description (Matterhorn 28-012)",
    "link-element": "a link annotation is not inside a Link structure element (Matterhorn 28-011)",
    "link-target": "a Link structure element holds no link annotation (OBJR): a link a "
    "reader cannot follow",
}
HEADINGS = {f"/H{n}": n for n in range(1, 7)}
#: What draws text or pictures: each must be tagged or an artifact.
DRAWS = {"Tj", "TJ", "'", '"', "INLINE IMAGE", "Do"}


@dataclass(frozen=True)
class Element:
    """A structure element: its standard type, its page, and its child elements' types."""

    node: Any
    kind: str
    page: int | None
    children: tuple[str, ...]


@dataclass
class Tree:
    """What the walk of the structure tree found."""

    elements: list[Element] = field(default_factory=list)
    marked: set[tuple[int, int]] = field(default_factory=set)
    reached: set[tuple[int, int]] = field(default_factory=set)
    objects: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class Document:
    """One open PDF and what the walks found in it, handed to each rule."""

    doc: Any
    pages: dict[tuple[int, int], int]
    tree: Tree
    used: set[tuple[int, int]]
    untagged: dict[int, int]
    xmp: dict[str, str]


def _standard(node: Any, role_map: Any) -> str:
    """The standard structure type of an element, following the /RoleMap."""
    kind = str(node.get("/S", ""))
    for _ in range(8):  # a role map may chain, never loop
        mapped = role_map.get(kind)
        if mapped is None:
            break
        kind = str(mapped)
    return kind


def _page_of(node: Any, pages: dict[tuple[int, int], int], default: int | None) -> int | None:
    page = node.get("/Pg")
    return pages.get(page.objgen, default) if isinstance(page, pikepdf.Dictionary) else default


def walk_tree(doc: Any, pages: dict[tuple[int, int], int]) -> Tree:
    """Every structure element from the root in reading order, the (page, MCID) pairs and
    the annotations they reference."""
    tree = Tree()
    root = doc.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return tree
    role_map = root.get("/RoleMap", pikepdf.Dictionary())
    stack: list[tuple[Any, int | None, str]] = [
        (kid, None, "") for kid in reversed(structure_kids(root))
    ]
    while stack:
        node, page, parent = stack.pop()
        if isinstance(node, int):
            if page is not None:
                tree.marked.add((page, node))
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        kind = node.get("/Type")
        if kind == "/MCR":
            where = _page_of(node, pages, page)
            if "/Stm" not in node and where is not None:
                tree.marked.add((where, int(node.MCID)))
        elif kind == "/OBJR":
            target = node.get("/Obj")
            if target is not None:
                tree.objects[target.objgen] = parent
        elif node.objgen not in tree.reached or node.objgen == (0, 0):
            tree.reached.add(node.objgen)
            here = _page_of(node, pages, page)
            standard = _standard(node, role_map)
            elements = [k for k in structure_kids(node) if isinstance(k, pikepdf.Dictionary)]
            elements = [k for k in elements if k.get("/Type", "/StructElem") == "/StructElem"]
            children = tuple(_standard(k, role_map) for k in elements)
            tree.elements.append(Element(node, standard, here, children))
            stack.extend((kid, here, standard) for kid in reversed(structure_kids(node)))
    return tree


def _properties(operands: Any, resources: Any) -> Any:
    """The property list of a BDC operator, looked up in /Properties when it is a name."""
    props = operands[1] if len(operands) > 1 else None
    if isinstance(props, pikepdf.Name):
        props = resources.get("/Properties", pikepdf.Dictionary()).get(str(props))
    return props if isinstance(props, pikepdf.Dictionary) else pikepdf.Dictionary()


def walk_marks(instructions: Any, resources: Any, inside: bool, seen: set[Any]) -> Iterator[Any]:
    """Each MCID used and each piece of untagged content (``None``) in a content stream,
    and in the forms it draws; ``inside``: the stream is drawn inside a tagged sequence."""
    open_: list[bool] = []
    for operands, operator in instructions:
        op = str(operator)
        if op == "BMC":
            open_.append(str(operands[0]) == "/Artifact")
        elif op == "BDC":
            mcid = _properties(operands, resources).get("/MCID")
            if mcid is not None and not inside:
                yield int(mcid)
            open_.append(str(operands[0]) == "/Artifact" or mcid is not None)
        elif op == "EMC" and open_:
            open_.pop()
        elif op in DRAWS:
            xobject = resources.get("/XObject", {}).get(str(operands[0])) if op == "Do" else None
            form = xobject if xobject is not None and xobject.get("/Subtype") == "/Form" else None
            tagged = inside or any(open_)
            if form is not None and form.objgen not in seen:
                seen.add(form.objgen)
                inner = form.get("/Resources", resources)
                parsed = pikepdf.parse_content_stream(form)
                yield from (m for m in walk_marks(parsed, inner, tagged, seen) if m is None)
            elif form is None and not tagged:
                yield None


def inherited(page: Any, key: str) -> Any:
    """A page's entry, or the nearest one of its parents in the page tree."""
    node = page
    for _ in range(32):
        if node is None or key in node:
            return None if node is None else node[key]
        node = node.get("/Parent")
    return None


def read(doc: Any) -> Document:
    """Walk the structure tree and every page's content once."""
    pages = {page.obj.objgen: number for number, page in enumerate(doc.pages, 1)}
    used: set[tuple[int, int]] = set()
    untagged: dict[int, int] = {}
    for number, page in enumerate(doc.pages, 1):
        resources = inherited(page.obj, "/Resources") or pikepdf.Dictionary()
        instructions = pikepdf.parse_content_stream(page)
        for mark in walk_marks(instructions, resources, inside=False, seen=set()):
            if mark is None:
                untagged[number] = untagged.get(number, 0) + 1
            else:
                used.add((number, mark))
    return Document(doc, pages, walk_tree(doc, pages), used, untagged, xmp_values(doc))


def _catalog(pdf: Document) -> list[Finding]:
    root, empty = pdf.doc.Root, pikepdf.Dictionary()
    failed = {
        "ua.marked": not root.get("/MarkInfo", empty).get("/Marked", False),
        "ua.struct-tree": "/StructTreeRoot" not in root,
        "ua.lang": not str(root.get("/Lang", "")).strip(),
        "ua.display-title": not root.get("/ViewerPreferences", empty).get("/DisplayDocTitle"),
        "ua.title": not pdf.xmp.get("dc:title"),
        "ua.identifier": pdf.xmp.get("pdfuaid:part") != "1",
    }
    return [Finding(rule, None, SAYS[rule]) for rule, wrong in failed.items() if wrong]


def _marked_content(pdf: Document) -> list[Finding]:
    found = [
        Finding("ua.untagged", page, SAYS["ua.untagged"].format(count))
        for page, count in sorted(pdf.untagged.items())
    ]
    for rule, pairs in (
        ("ua.mcid-unreferenced", pdf.used - pdf.tree.marked),
        ("ua.mcid-missing", pdf.tree.marked - pdf.used),
    ):
        for page in sorted({p for p, _ in pairs}):
            ids = ", ".join(str(m) for p, m in sorted(pairs) if p == page)
            found.append(Finding(rule, page, SAYS[rule].format(ids)))
    return found


def _number_tree(node: Any, depth: int = 0) -> Iterator[tuple[int, Any]]:
    nums = node.get("/Nums", pikepdf.Array())
    for index in range(0, len(nums) - 1, 2):
        yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", pikepdf.Array()) if depth < 32 else ():
        yield from _number_tree(kid, depth + 1)


def parent_tree(doc: Any) -> dict[int, Any]:
    """The structure tree's /ParentTree: StructParent(s) number to element(s)."""
    root = doc.Root.get("/StructTreeRoot", pikepdf.Dictionary())
    tree = root.get("/ParentTree")
    return dict(_number_tree(tree)) if isinstance(tree, pikepdf.Dictionary) else {}


def _reachable(pdf: Document) -> list[Finding]:
    lost: set[tuple[int, int]] = set()
    for value in parent_tree(pdf.doc).values():
        for element in value if isinstance(value, pikepdf.Array) else [value]:
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in pdf.tree.reached:
                lost.add(element.objgen)
    return [Finding("ua.reachable", None, SAYS["ua.reachable"].format(len(lost)))] if lost else []


#: What each list and table element may hold (ISO 32000-1, 14.8.4.3.3 and 14.8.4.3.4).
ALLOWED_CHILDREN = {"/L": {"/LI", "/Caption", "/L"}, "/LI": {"/Lbl", "/LBody"}}
ALLOWED_CHILDREN["/Table"] = {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"}
ALLOWED_CHILDREN |= {"/THead": {"/TR"}, "/TBody": {"/TR"}, "/TFoot": {"/TR"}, "/TR": {"/TH", "/TD"}}


def _elements(pdf: Document) -> list[Finding]:
    """Lists and tables made of what the standard allows (Matterhorn 09-004/09-005), and
    figures with alternative text (13-004)."""
    found = []
    for element in pdf.tree.elements:
        allowed = ALLOWED_CHILDREN.get(element.kind, set())
        rule = "ua.list" if element.kind in {"/L", "/LI"} else "ua.table"
        wrong = [child[1:] for child in element.children if allowed and child not in allowed]
        if wrong:
            may = ", ".join(sorted(a[1:] for a in allowed))
            message = SAYS[rule].format(f"a {element.kind[1:]} holds {', '.join(wrong)}", may)
            found.append(Finding(rule, element.page, message))
        if element.kind == "/LI" and "/LBody" not in element.children:
            message = SAYS[rule].format("a list item (LI) has no LBody", "Lbl, LBody")
            found.append(Finding(rule, element.page, message))
        alternatives = (str(element.node.get(key, "")).strip() for key in ("/Alt", "/ActualText"))
        if element.kind == "/Figure" and not any(alternatives):
            found.append(Finding("ua.figure-alt", element.page, SAYS["ua.figure-alt"]))
    return found


def _headings(pdf: Document) -> list[Finding]:
    found, previous = [], 0
    for element in pdf.tree.elements:
        level = HEADINGS.get(element.kind)
        if level is not None and level > previous + 1:
            says = f"H{level} follows H{previous}" if previous else f"the first heading is H{level}"
            message = SAYS["ua.headings"].format(says, "14-003" if previous else "14-002")
            found.append(Finding("ua.headings", element.page, message))
        previous = previous if level is None else level
    return found


def internal_id(text: str) -> bool:
    """Whether a link's description is an ID no reader understands (``ref-zamboni2009``)."""
    looks_like_an_id = "-" in text and re.fullmatch(r"[a-z0-9_-]+", text) is not None
    return text.startswith("ref-") or looks_like_an_id


def _annotation(annot: Any, pdf: Document, parents: dict[int, Any]) -> Iterator[str]:
    """What is wrong with one annotation, as keys of SAYS."""
    if annot.get("/Subtype") == "/Link":
        text = str(annot.get("/Contents", "")).strip()
        if not text or internal_id(text):
            yield SAYS["link-contents"].format(f"is {text!r}" if text else "is missing")
        if pdf.tree.objects.get(annot.objgen, "/Link") != "/Link":
            yield SAYS["link-element"]
    parent = parents.get(int(annot.get("/StructParent", -1)))
    if annot.objgen not in pdf.tree.objects or not isinstance(parent, pikepdf.Dictionary):
        yield SAYS["ua.annotation"].format(str(annot.get("/Subtype", "/unnamed"))[1:])


def _annotations(pdf: Document) -> list[Finding]:
    parents, found = parent_tree(pdf.doc), []
    for number, page in enumerate(pdf.doc.pages, 1):
        annots = [
            annot
            for annot in page.obj.get("/Annots", pikepdf.Array())
            if annot.get("/Subtype") != "/Popup" and not int(annot.get("/F", 0)) & 2  # hidden
        ]
        if annots and page.obj.get("/Tabs") != "/S":
            found.append(Finding("ua.tabs", number, SAYS["ua.tabs"]))
        for annot in annots:
            for message in _annotation(annot, pdf, parents):
                rule = "ua.annotation" if "untagged" in message else "ua.link"
                found.append(Finding(rule, number, message))
    for element in (e for e in pdf.tree.elements if e.kind == "/Link"):
        targets = [
            k.get("/Obj") for k in structure_kids(element.node) if isinstance(k, pikepdf.Dictionary)
        ]
        if not any(
            isinstance(t, pikepdf.Dictionary) and t.get("/Subtype") == "/Link" for t in targets
        ):
            found.append(Finding("ua.link", element.page, SAYS["link-target"]))
    return found


RULES: tuple[Callable[[Document], list[Finding]], ...] = (
    *(_catalog, _marked_content, _reachable, _elements, _headings, _annotations),
)


def check_document(doc: Any) -> list[Finding]:
    """The PDF/UA-1 findings of an open PDF."""
    pdf = read(doc)
    return [finding for rule in RULES for finding in rule(pdf)]


def check_pdfua1(data: bytes) -> list[Finding]:
    """Every machine-checkable PDF/UA-1 (Matterhorn Protocol) failure of a PDF."""
    with open_pdf(data) as doc:
        return check_document(doc)
