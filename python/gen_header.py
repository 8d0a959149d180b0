"""Reads InfiniRT's public headers into a small type model for gen_runtime.py.

The headers are run through the C preprocessor (the compiler CMake uses, with
-dD so that #define lines stay), the text of the infinirt*.h files is kept and
parsed: enums (with their values), structs and unions (fields, nested and
anonymous members, arrays), typedefs (aliases, opaque handles, function
pointers), function prototypes, and object-like macros that are integer
constants or type aliases. The parser knows the shapes these headers use; a
declaration it cannot read raises an error rather than being skipped.
"""
import re
import subprocess

# C sizes on the LP64 targets InfiniRT builds for (used only to evaluate an
# array length such as `8 - sizeof(enum)`; the C sizeof table checks every
# layout at import).
PRIM_SIZES = {
    "char": 1, "signed char": 1, "unsigned char": 1, "short": 2,
    "unsigned short": 2, "int": 4, "unsigned int": 4, "long": 8,
    "unsigned long": 8, "long long": 8, "unsigned long long": 8,
    "size_t": 8, "float": 4, "double": 8, "int8_t": 1, "uint8_t": 1,
    "int16_t": 2, "uint16_t": 2, "int32_t": 4, "uint32_t": 4, "int64_t": 8,
    "uint64_t": 8, "intptr_t": 8, "uintptr_t": 8, "ptrdiff_t": 8,
}
PRIM_WORDS = {"char", "short", "int", "long", "signed", "unsigned", "float",
              "double", "void", "_Bool"}


class Type:
    """A C type: kind is prim, void, enum, struct, union, handle, fnptr or
    ptr; name is the C spelling of a named type; inner the pointee of a
    pointer (const: the pointee is const)."""

    def __init__(self, kind, name=None, inner=None, const=False):
        self.kind, self.name, self.inner, self.const = kind, name, inner, const

    def spell(self):
        """The C spelling of the type, for a declaration."""
        if self.kind == "ptr":
            inner = self.inner.spell()
            if self.inner.const and self.inner.kind != "ptr":
                inner = "const " + inner
            s = inner + " *"
            return s if self.inner.kind != "ptr" or not self.inner.const \
                else inner + " const *"
        return self.name

    def __repr__(self):
        if self.kind == "ptr":
            return "ptr(%s%r)" % ("const " if self.inner.const else "",
                                  self.inner)
        return "%s(%s)" % (self.kind, self.name)


class Field:
    """A struct or union member; ctype is a Type or an anonymous Record;
    dims the array lengths."""

    def __init__(self, name, ctype, dims):
        self.name, self.ctype, self.dims = name, ctype, dims


class Record:
    """A struct or union: name is its C spelling ('struct infinirtDim3' or a
    typedef name), pyname the Python class name."""

    def __init__(self, kind, name, pyname, fields):
        self.kind, self.name, self.pyname, self.fields = \
            kind, name, pyname, fields


class Header:
    """What the public headers declare."""

    def __init__(self):
        self.enums = {}       # enum C spelling -> [(name, value)]
        self.enum_py = {}     # enum C spelling -> Python class name
        self.records = []     # Record, in declaration order (nested first)
        self.record_by = {}   # C spelling -> Record
        self.typedefs = {}    # typedef name -> Type
        self.handles = []     # handle typedef names
        self.fnptrs = {}      # typedef name -> (return Type, [param Type])
        self.functions = {}   # name -> (return Type, [(Type, name)])
        self.macros = {}      # name -> replacement text
        self.constants = {}   # integer macro name -> value
        self.enumerators = {}  # enumerator name -> value


TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*)|"
                   r"([A-Za-z_]\w*)|(\"(?:\\.|[^\"])*\")|"
                   r"(<<|>>|->|\.\.\.|[^\sA-Za-z_0-9]))")


def tokenize(text):
    """C tokens of |text| (numbers keep their suffixes)."""
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError("cannot tokenize: %r" % text[pos:pos + 40])
        out.append(m.group(m.lastindex))
        pos = m.end()
    return out


def preprocess(cc, include_dir, headers):
    """The infinirt*.h parts of the preprocessed |headers|, and their
    #define lines."""
    src = "".join('#include "%s"\n' % h for h in headers)
    out = subprocess.run([cc, "-E", "-dD", "-std=gnu11", "-I", include_dir,
                          "-x", "c", "-"], input=src, capture_output=True,
                         text=True, check=True).stdout
    keep, defines, mine = [], [], False
    for line in out.splitlines():
        if line.startswith("# ") and '"' in line:
            f = line.split('"')[1]
            mine = f.startswith(include_dir) and "/infinirt" in f
            continue
        if not mine:
            continue
        if line.startswith("#define "):
            defines.append(line[8:])
        elif not line.startswith("#"):
            keep.append(line)
    return "\n".join(keep), defines


def split_top(tokens, sep):
    """|tokens| split at |sep| outside brackets."""
    parts, cur, depth = [], [], 0
    for t in tokens:
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def strip_attributes(tokens):
    """|tokens| without __attribute__((...)) and __extension__."""
    out, i = [], 0
    while i < len(tokens):
        if tokens[i] in ("__attribute__", "__attribute"):
            depth, i = 0, i + 1
            while True:
                if tokens[i] == "(":
                    depth += 1
                elif tokens[i] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
        elif tokens[i] not in ("__extension__", "extern", "__restrict",
                               "restrict", "__inline", "inline"):
            out.append(tokens[i])
        i += 1
    return out


class Parser:
    """Parses the preprocessed header text into a Header."""

    def __init__(self):
        self.h = Header()
        self.anon = 0

    # -- expressions -------------------------------------------------------
    def eval_int(self, tokens):
        """The value of an integer constant expression of |tokens|."""
        toks = list(tokens)
        # Casts to a plain type name: ((int)-2), ((infinirtStream_t)0x1).
        text, i = [], 0
        while i < len(toks):
            t = toks[i]
            if (t == "(" and i + 2 < len(toks) and toks[i + 2] == ")" and
                    re.match(r"[A-Za-z_]\w*$", toks[i + 1]) and
                    toks[i + 1] not in self.h.enumerators and
                    toks[i + 1] not in self.h.constants and
                    (i + 3 < len(toks) and toks[i + 3] not in ")")):
                i += 3
                continue
            if t == "sizeof":
                j = toks.index(")", i)
                text.append(str(self.sizeof(toks[i + 2:j])))
                i = j + 1
                continue
            m = re.match(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$", t)
            if m:
                text.append(m.group(1))
            elif t in self.h.enumerators:
                text.append(str(self.h.enumerators[t]))
            elif t in self.h.constants:
                text.append(str(self.h.constants[t]))
            elif re.match(r"[A-Za-z_]\w*$", t):
                raise ValueError("not a constant: %s" % t)
            elif t == "/":
                text.append("//")
            elif t in ("&&", "||", "!"):
                raise ValueError("operator %s" % t)
            else:
                text.append(t)
            i += 1
        return int(eval(" ".join(text), {"__builtins__": {}}))

    def sizeof(self, toks):
        t, _ = self.parse_type(toks, allow_noname=True)
        if t.kind in ("enum",):
            return 4
        if t.kind in ("ptr", "handle", "fnptr"):
            return 8
        if t.kind == "prim":
            return PRIM_SIZES[t.name]
        raise ValueError("sizeof(%s) unknown" % " ".join(toks))

    # -- types -------------------------------------------------------------
    def parse_type(self, toks, allow_noname=False):
        """(Type, declarator name or None) of a declaration's tokens."""
        toks = [t for t in toks if t not in ("volatile",)]
        i, const, base = 0, False, None
        words = []
        while i < len(toks):
            t = toks[i]
            if t == "const":
                const = True
            elif t in ("struct", "union", "enum"):
                base = self.tagged(t, toks[i + 1])
                i += 1
            elif t in PRIM_WORDS:
                words.append(t)
            elif base is None and not words and re.match(r"[A-Za-z_]\w*$", t):
                base = self.named(t)
            else:
                break
            i += 1
        if base is None:
            if not words:
                raise ValueError("no type in %r" % toks)
            base = self.prim(words)
        base = Type(base.kind, base.name, base.inner, const or base.const)
        t = base
        name = None
        while i < len(toks):
            tok = toks[i]
            if tok == "*":
                t = Type("ptr", inner=t)
            elif tok == "const":
                t = Type(t.kind, t.name, t.inner, True)
            elif re.match(r"[A-Za-z_]\w*$", tok):
                name = tok
            else:
                raise ValueError("unexpected %r in %r" % (tok, toks))
            i += 1
        if name is None and not allow_noname:
            raise ValueError("no name in %r" % toks)
        return t, name

    def prim(self, words):
        if words == ["void"]:
            return Type("void", "void")
        w = [x for x in words if x != "signed" or len(words) == 1]
        name = " ".join(w)
        if name == "unsigned":
            name = "unsigned int"
        if name in ("long int", "unsigned long int"):
            name = name[:-4]
        if name == "_Bool":
            name = "_Bool"
        return Type("prim", name)

    def tagged(self, kw, tag):
        spelling = "%s %s" % (kw, tag)
        if kw == "enum":
            return Type("enum", spelling)
        return Type(kw, spelling)

    def named(self, name):
        """The Type of an identifier used as a type name."""
        if name in PRIM_SIZES:
            return Type("prim", name)
        seen = set()
        while name in self.h.macros and name not in seen:
            seen.add(name)
            name = self.h.macros[name].strip()
        if name in self.h.handles:
            return Type("handle", name)
        if name in self.h.fnptrs:
            return Type("fnptr", name)
        if name in self.h.typedefs:
            t = self.h.typedefs[name]
            if t.kind in ("struct", "union") and name in self.h.record_by:
                return Type(t.kind, name)
            if t.kind == "enum":
                return Type("enum", name)
            return t
        raise ValueError("unknown type name %s" % name)

    def resolve_enum(self, t):
        """The enum spelling with enumerators of an enum Type."""
        if t.name in self.h.enums:
            return t.name
        return self.h.typedefs[t.name].name

    # -- declarations ------------------------------------------------------
    def parse(self, text, defines):
        for d in defines:
            m = re.match(r"([A-Za-z_]\w*)(\(?)\s*(.*)$", d)
            if m and not m.group(2):
                self.h.macros[m.group(1)] = m.group(3)
        toks = strip_attributes(tokenize(text))
        i, stmt = 0, []
        while i < len(toks):
            t = toks[i]
            if t == "{":
                j = self.match(toks, i)
                if stmt and stmt[-1] == ")":   # a function's body
                    stmt, i = [], j + 1
                    continue
                stmt.extend(toks[i:j + 1])
                i = j + 1
                continue
            if t == ";":
                if stmt:
                    self.declaration(stmt)
                stmt = []
            else:
                stmt.append(t)
            i += 1
        self.constants_from_macros()

    @staticmethod
    def match(toks, i):
        depth = 0
        for j in range(i, len(toks)):
            if toks[j] == "{":
                depth += 1
            elif toks[j] == "}":
                depth -= 1
                if depth == 0:
                    return j
        raise ValueError("unbalanced braces")

    def declaration(self, s):
        if s[0] == "static":
            return   # a static inline function's prototype part
        typedef = s[0] == "typedef"
        if typedef:
            s = s[1:]
        # enum/struct/union with a body
        k = 1 if s[0] == "const" else 0
        if s[k] in ("enum", "struct", "union") and "{" in s[k:k + 3]:
            kw = s[k]
            has_tag = s[k + 1] != "{"
            tag = s[k + 1] if has_tag else None
            b = s.index("{")
            e = self.match(s, b)
            rest = s[e + 1:]
            tname = rest[0] if typedef and rest else None
            if kw == "enum":
                spelling = "enum %s" % tag if tag else tname
                self.enum_body(spelling, s[b + 1:e])
                self.h.enum_py[spelling] = tname or tag
                if tname and tag:
                    self.h.typedefs[tname] = Type("enum", spelling)
                    self.h.enum_py[spelling] = tname
                elif tname:
                    self.h.typedefs[tname] = Type("enum", tname)
                return
            spelling = "%s %s" % (kw, tag) if tag else tname
            pyname = tname or tag
            rec = self.record_body(kw, spelling, pyname, s[b + 1:e])
            if tname:
                self.h.typedefs[tname] = Type(kw, spelling)
                self.h.record_by[tname] = rec
            return
        if typedef:
            self.typedef(s)
            return
        if "(" in s:
            self.function(s)
            return
        raise ValueError("declaration not understood: %s" % " ".join(s))

    def enum_body(self, spelling, toks):
        values, nxt = [], 0
        for part in split_top(toks, ","):
            if not part:
                continue
            name = part[0]
            if len(part) > 1:
                assert part[1] == "=", part
                nxt = self.eval_int(part[2:])
            values.append((name, nxt))
            self.h.enumerators[name] = nxt
            nxt += 1
        self.h.enums[spelling] = values

    def record_body(self, kw, spelling, pyname, toks):
        fields = []
        for part in split_top(toks, ";"):
            if not part:
                continue
            if part[0] in ("struct", "union") and "{" in part[:3]:
                b = part.index("{")
                e = self.match(part, b)
                names = [x for x in part[e + 1:] if x != ","]
                sub_py = "%s_%s" % (pyname, names[0] if names else
                                    "anon%d" % len(fields))
                tag = part[1] if part[1] != "{" else None
                sub_spelling = "%s %s" % (part[0], tag) if tag else None
                sub = self.record_body(part[0], sub_spelling, sub_py,
                                       part[b + 1:e])
                if names:
                    for n in names:
                        fields.append(Field(n, sub, []))
                else:
                    fields.append(Field(None, sub, []))
                continue
            # type d1, d2[N], ...
            decls = split_top(part, ",")
            base_len = len(decls[0]) - len(self.declarator(decls[0]))
            base = decls[0][:base_len]
            for d in decls:
                toks_d = d if d is decls[0] else base + d
                core, dims = self.strip_dims(toks_d)
                t, name = self.parse_type(core)
                fields.append(Field(name, t, dims))
        rec = Record(kw, spelling, pyname, fields)
        self.h.records.append(rec)
        if spelling:
            self.h.record_by[spelling] = rec
        return rec

    @staticmethod
    def declarator(toks):
        """The declarator part (pointers, name, dims) of a declaration."""
        j = toks.index("[") if "[" in toks else len(toks)
        k = j - 1
        while k > 0 and toks[k - 1] == "*":
            k -= 1
        return toks[k:]

    def strip_dims(self, toks):
        dims = []
        if "[" in toks:
            j = toks.index("[")
            core, rest = toks[:j], toks[j:]
            while rest:
                e = rest.index("]")
                dims.append(self.eval_int(rest[1:e]))
                rest = rest[e + 1:]
            return core, dims
        return toks, dims

    def typedef(self, s):
        if "(" in s:   # function pointer: ret ( * name ) ( params )
            p = s.index("(")
            ret, _ = self.parse_type(s[:p], allow_noname=True)
            close = s.index(")", p)
            inner = [x for x in s[p + 1:close] if x != "*"]
            name = inner[-1]
            params = self.params(s[close + 2:-1])
            self.h.fnptrs[name] = (ret, [t for t, _ in params])
            return
        core, dims = self.strip_dims(s)
        if dims:
            raise ValueError("array typedef: %s" % " ".join(s))
        if core[0] in ("struct", "union") and len(core) == 4 and \
                core[2] == "*":
            spelling = "%s %s" % (core[0], core[1])
            if spelling not in self.h.record_by:   # opaque: a handle
                self.h.handles.append(core[3])
                return
        t, name = self.parse_type(core)
        self.h.typedefs[name] = t
        if t.kind in ("struct", "union") and t.name in self.h.record_by:
            self.h.record_by[name] = self.h.record_by[t.name]

    def params(self, toks):
        if toks == ["void"] or not toks:
            return []
        return [self.parse_type(p) for p in split_top(toks, ",")]

    def function(self, s):
        p = s.index("(")
        ret, name = self.parse_type(s[:p])
        close = len(s) - 1 - s[::-1].index(")")
        self.h.functions[name] = (ret, self.params(s[p + 1:close]))

    def constants_from_macros(self):
        for name, text in self.h.macros.items():
            if not (name.startswith("infinirt") or
                    name.startswith("INFINIRT")) or name.endswith("_H_"):
                continue
            try:
                self.h.constants[name] = self.eval_int(tokenize(text))
            except (ValueError, SyntaxError, TypeError, NameError, IndexError):
                pass


def read_headers(cc, include_dir, headers):
    """A Header for the public |headers| (file names in |include_dir|)."""
    text, defines = preprocess(cc, include_dir, headers)
    p = Parser()
    p.parse(text, defines)
    return p.h
