#include "core/yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <string_view>

namespace kfk::cli {
namespace {

// yaml-cpp quotes what YAML cannot read back as the same plain string ("a: b", "", " x").
// kfk also quotes what a YAML 1.1 reader (PyYAML, yq) would take for another type — "yes",
// "off", "42", "1e5" — and strings starting with an indicator, as it always has.
bool reads_as_another_type(const std::string& s) {
    static const char* const special_words[] = {"true", "false", "yes",  "no",   "on",   "off",
                                                "null", "~",     "y",    "n",    "True", "False",
                                                "TRUE", "FALSE", "Null", "NULL", "Yes",  "No"};
    for (const char* w : special_words) {
        if (s == w) return true;
    }
    if (!s.empty() && std::string_view{"-?:"}.find(s.front()) != std::string_view::npos) {
        return true;
    }
    bool numeric = !s.empty();
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+' &&
            c != 'e' && c != 'E' && c != '_') {
            numeric = false;
            break;
        }
    }
    return numeric;
}

// Block layout by hand: yaml-cpp indents a list under a key ("key:\n  - a"), kfk prints it
// at the key's indentation ("key:\n- a"), the common style, which scripts and tests rely on.
class BlockWriter {
  public:
    std::string take() { return std::move(out_); }

    void value(const Json& v, int indent) {
        if (v.is_object() && !v.empty()) return map(v, indent, false);
        if (v.is_array() && !v.empty()) return list(v, indent);
        out_.append(static_cast<std::size_t>(indent), ' ');
        leaf(v);
    }

  private:
    static bool is_collection(const Json& v) {
        return (v.is_object() || v.is_array()) && !v.empty();
    }

    void map(const Json& obj, int indent, bool first_inline) {
        bool first = true;
        for (const auto& [key, val] : obj.items()) {
            if (!(first && first_inline)) out_.append(static_cast<std::size_t>(indent), ' ');
            first = false;
            string(key);
            out_ += ':';
            if (is_collection(val)) {
                out_ += '\n';
                value(val, val.is_array() ? indent : indent + 2);
            } else {
                out_ += ' ';
                leaf(val);
            }
        }
    }

    void list(const Json& items, int indent) {
        for (const auto& item : items) {
            out_.append(static_cast<std::size_t>(indent), ' ');
            out_ += "- ";
            if (item.is_object() && !item.empty()) {
                map(item, indent + 2, true);
            } else if (item.is_array() && !item.empty()) {
                out_ += '\n';
                list(item, indent + 2);
            } else {
                leaf(item);
            }
        }
    }

    // A scalar or an empty collection, and the newline.
    void leaf(const Json& v) {
        if (v.is_string()) {
            string(v.get_ref<const std::string&>());
        } else if (v.is_object()) {
            out_ += "{}";
        } else if (v.is_array()) {
            out_ += "[]";
        } else {
            out_ += v.dump();  // numbers, booleans and null read the same in YAML
        }
        out_ += '\n';
    }

    void string(const std::string& s) {
        YAML::Emitter scalar;
        if (reads_as_another_type(s)) scalar << YAML::DoubleQuoted;
        scalar << s;
        out_.append(scalar.c_str(), scalar.size());
    }

    std::string out_;
};

}  // namespace

std::string to_yaml(const Json& doc) {
    BlockWriter writer;
    writer.value(doc, 0);
    return writer.take();
}

}  // namespace kfk::cli
