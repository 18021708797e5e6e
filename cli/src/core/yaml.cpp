#include "core/yaml.hpp"

#include <cctype>

#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

bool needs_quotes(const std::string& s) {
    if (s.empty()) return true;
    static const char* const special_words[] = {"true", "false", "yes",  "no",   "on",   "off",
                                                "null", "~",     "y",    "n",    "True", "False",
                                                "TRUE", "FALSE", "Null", "NULL", "Yes",  "No"};
    for (const char* w : special_words) {
        if (s == w) return true;
    }
    if (std::isspace(static_cast<unsigned char>(s.front())) ||
        std::isspace(static_cast<unsigned char>(s.back()))) {
        return true;
    }
    if (std::string_view{"-?:,[]{}#&*!|>'\"%@`"}.find(s.front()) != std::string_view::npos) {
        return true;
    }
    // Anything number-like: YAML would read it as a number.
    bool numeric = true;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+' &&
            c != 'e' && c != 'E' && c != '_') {
            numeric = false;
            break;
        }
    }
    if (numeric) return true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return true;
        if (c == '#' && i > 0 && s[i - 1] == ' ') return true;
    }
    return false;
}

std::string scalar_text(const Json& v) {
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        // JSON's escapes are valid in YAML double-quoted scalars.
        return needs_quotes(s) ? Json(s).dump() : s;
    }
    return v.dump();
}

bool is_collection(const Json& v) {
    return (v.is_object() || v.is_array()) && !v.empty();
}

void emit(std::string& out, const Json& v, int indent);

void emit_map(std::string& out, const Json& obj, int indent, bool first_inline) {
    bool first = true;
    for (const auto& [key, val] : obj.items()) {
        if (!(first && first_inline)) out.append(static_cast<std::size_t>(indent), ' ');
        first = false;
        out += needs_quotes(key) ? Json(key).dump() : key;
        out += ':';
        if (is_collection(val)) {
            out += '\n';
            // Lists under a key are not indented further (the common YAML style).
            emit(out, val, val.is_array() ? indent : indent + 2);
        } else {
            out += ' ';
            out += val.is_object() ? "{}" : val.is_array() ? "[]" : scalar_text(val);
            out += '\n';
        }
    }
}

void emit(std::string& out, const Json& v, int indent) {
    if (v.is_object()) {
        if (v.empty()) {
            out.append(static_cast<std::size_t>(indent), ' ');
            out += "{}\n";
            return;
        }
        emit_map(out, v, indent, false);
        return;
    }
    if (v.is_array()) {
        if (v.empty()) {
            out.append(static_cast<std::size_t>(indent), ' ');
            out += "[]\n";
            return;
        }
        for (const auto& item : v) {
            out.append(static_cast<std::size_t>(indent), ' ');
            out += "- ";
            if (item.is_object() && !item.empty()) {
                emit_map(out, item, indent + 2, true);
            } else if (item.is_array() && !item.empty()) {
                out += '\n';
                emit(out, item, indent + 2);
            } else {
                out += item.is_object() ? "{}" : item.is_array() ? "[]" : scalar_text(item);
                out += '\n';
            }
        }
        return;
    }
    out.append(static_cast<std::size_t>(indent), ' ');
    out += scalar_text(v);
    out += '\n';
}

// --- reader ----------------------------------------------------------------------------------

struct Line {
    int number;
    int indent;
    std::string_view text;  // without indentation and comment, right-trimmed
};

[[noreturn]] void fail(const std::string& source, int line, const std::string& what) {
    throw CliError(ExitCode::usage, source + ":" + std::to_string(line) + ": " + what,
                   "the contexts file is a YAML subset: nested maps of scalars and lists of "
                   "scalars (see docs/cli.md)");
}

std::string_view rtrim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Strips a comment that starts outside quotes.
std::string_view strip_comment(std::string_view s) {
    char quote = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == '\\' && quote == '"') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
        } else if (c == '\'' || c == '"') {
            if (i == 0 || s[i - 1] == ' ' || s[i - 1] == ':') quote = c;
        } else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
            return s.substr(0, i);
        }
    }
    return s;
}

std::string unquote(std::string_view v, const std::string& source, int line) {
    if (v.empty()) return {};
    if (v.front() == '\'') {
        if (v.size() < 2 || v.back() != '\'') fail(source, line, "unterminated quoted string");
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            out += v[i];
            if (v[i] == '\'' && i + 2 < v.size() && v[i + 1] == '\'') ++i;
        }
        return out;
    }
    if (v.front() == '"') {
        if (v.size() < 2 || v.back() != '"') fail(source, line, "unterminated quoted string");
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] != '\\') {
                out += v[i];
                continue;
            }
            ++i;
            switch (v[i]) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case '0':
                    out += '\0';
                    break;
                case '"':
                case '\\':
                case '/':
                    out += v[i];
                    break;
                default:
                    fail(source, line, std::string{"unsupported escape \\"} + v[i]);
            }
        }
        return out;
    }
    if (v.front() == '[' || v.front() == '{') {
        fail(source, line, "flow collections ([...] / {...}) are not supported");
    }
    if (v.front() == '&' || v.front() == '*' || v.front() == '!') {
        fail(source, line, "anchors, aliases and tags are not supported");
    }
    if (v == "|" || v == ">" || v.starts_with("|") || v.starts_with(">")) {
        fail(source, line, "multi-line scalars are not supported");
    }
    return std::string{v};
}

class Parser {
  public:
    Parser(std::vector<Line> lines, std::string source)
        : lines_(std::move(lines)), source_(std::move(source)) {}

    YamlNode parse_document() {
        YamlNode root;
        root.kind = YamlNode::Kind::map;
        root.line = 1;
        if (lines_.empty()) return root;
        if (lines_[0].indent != 0) fail(source_, lines_[0].number, "unexpected indentation");
        return parse_block(0);
    }

  private:
    YamlNode parse_block(int indent) {
        const Line& first = lines_[pos_];
        if (first.text.starts_with("- ") || first.text == "-") return parse_list(indent);
        return parse_map(indent);
    }

    YamlNode parse_list(int indent) {
        YamlNode node;
        node.kind = YamlNode::Kind::list;
        node.line = lines_[pos_].number;
        while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
            const Line& l = lines_[pos_];
            if (!(l.text.starts_with("- ") || l.text == "-")) {
                fail(source_, l.number, "expected a list item '- value'");
            }
            const auto item = l.text == "-" ? std::string_view{} : l.text.substr(2);
            if (item.empty()) fail(source_, l.number, "only lists of scalars are supported");
            if (item.find(": ") != std::string_view::npos || item.back() == ':') {
                fail(source_, l.number, "only lists of scalars are supported");
            }
            YamlNode scalar;
            scalar.line = l.number;
            scalar.scalar = unquote(item, source_, l.number);
            node.list.push_back(std::move(scalar));
            ++pos_;
        }
        if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
            fail(source_, lines_[pos_].number, "unexpected indentation");
        }
        return node;
    }

    YamlNode parse_map(int indent) {
        YamlNode node;
        node.kind = YamlNode::Kind::map;
        node.line = lines_[pos_].number;
        while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
            const Line& l = lines_[pos_];
            std::size_t colon = std::string_view::npos;
            if (l.text.front() == '"' || l.text.front() == '\'') {
                const auto close = l.text.find(l.text.front(), 1);
                if (close != std::string_view::npos) colon = l.text.find(':', close);
            } else {
                for (std::size_t i = 0; i < l.text.size(); ++i) {
                    if (l.text[i] == ':' && (i + 1 == l.text.size() || l.text[i + 1] == ' ')) {
                        colon = i;
                        break;
                    }
                }
            }
            if (colon == std::string_view::npos || colon == 0) {
                fail(source_, l.number, "expected 'key: value'");
            }
            std::string key = unquote(rtrim(l.text.substr(0, colon)), source_, l.number);
            for (const auto& [k, v] : node.map) {
                if (k == key) fail(source_, l.number, "duplicate key '" + key + "'");
            }
            auto rest = l.text.substr(colon + 1);
            while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            ++pos_;
            YamlNode child;
            child.line = l.number;
            if (!rest.empty()) {
                child.scalar = unquote(rest, source_, l.number);
            } else if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
                child = parse_block(lines_[pos_].indent);
            } else if (pos_ < lines_.size() && lines_[pos_].indent == indent &&
                       (lines_[pos_].text.starts_with("- ") || lines_[pos_].text == "-")) {
                child = parse_list(indent);  // a list at the key's own indentation
            }
            node.map.emplace_back(std::move(key), std::move(child));
        }
        if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
            fail(source_, lines_[pos_].number, "unexpected indentation");
        }
        return node;
    }

    std::vector<Line> lines_;
    std::string source_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string to_yaml(const Json& doc) {
    std::string out;
    emit(out, doc, 0);
    return out;
}

const YamlNode* YamlNode::find(std::string_view key) const noexcept {
    for (const auto& [k, v] : map) {
        if (k == key) return &v;
    }
    return nullptr;
}

YamlNode parse_yaml_subset(std::string_view text, const std::string& source) {
    std::vector<Line> lines;
    int number = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        auto raw = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++number;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        int indent = 0;
        while (static_cast<std::size_t>(indent) < raw.size() && raw[indent] == ' ') ++indent;
        if (static_cast<std::size_t>(indent) < raw.size() && raw[indent] == '\t') {
            fail(source, number, "tabs are not allowed for indentation");
        }
        auto content = rtrim(strip_comment(raw.substr(static_cast<std::size_t>(indent))));
        if (content.empty()) continue;
        if (indent == 0 && (content == "---" || content == "...")) continue;
        lines.push_back({number, indent, content});
    }
    return Parser{std::move(lines), source}.parse_document();
}

}  // namespace kfk::cli
