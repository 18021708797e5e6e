#include "core/acl_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "core/acl_spec.hpp"
#include "core/exit_codes.hpp"

namespace kfk::cli {
namespace {

constexpr const char* kFormatHint =
    "each entry of acls: has principal, exactly one of topic / group / transactional-id / "
    "cluster: true, operations, and optionally pattern, permission, host (see docs/cli.md)";

class FileParser {
  public:
    FileParser(std::string_view text, const std::string& path) : text_(text), path_(path) {}

    AclFile parse() {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(std::string{text_});
        } catch (const YAML::Exception& e) {
            std::string hint = kFormatHint;
            if (e.msg.find("alias") != std::string::npos ||
                e.msg.find("anchor") != std::string::npos) {
                hint = "a bare * is YAML syntax: quote it, e.g. host: \"*\" or topic: \"*\"";
            }
            fail(e.mark.line + 1, e.msg, hint);
        }
        if (documents.size() > 1) fail(line_of(documents[1], 1), "only one YAML document is read");
        AclFile out;
        if (documents.empty() || documents.front().IsNull()) return out;
        const YAML::Node& root = documents.front();
        if (!root.IsMap()) fail(line_of(root, 1), "expected a map with acls: (and principals:)");
        std::set<std::string> seen;
        for (const auto& entry : root) {
            const int line = entry.first.Mark().line + 1;
            const std::string key = entry.first.Scalar();
            if (!seen.insert(key).second) fail(line, "duplicate key '" + key + "'");
            if (key == "acls") {
                if (entry.second.IsNull()) continue;
                if (!entry.second.IsSequence()) fail(line, "acls: is a list of entries");
                for (const auto& item : entry.second) parse_entry(item, line, out);
            } else if (key == "principals") {
                for (const auto& p : scalars(entry.second, line, "principals")) {
                    at(line, [&] { check_principal(p); });
                    out.principals.push_back(p);
                }
            } else {
                fail(line, "unknown key '" + key + "' (expected acls, principals)");
            }
        }
        std::sort(out.bindings.begin(), out.bindings.end());
        out.bindings.erase(std::unique(out.bindings.begin(), out.bindings.end()),
                           out.bindings.end());
        for (const auto& b : out.bindings) out.principals.push_back(b.principal);
        std::sort(out.principals.begin(), out.principals.end());
        out.principals.erase(std::unique(out.principals.begin(), out.principals.end()),
                             out.principals.end());
        return out;
    }

  private:
    [[noreturn]] void fail(int line, const std::string& what, std::string hint = {}) const {
        throw CliError(ExitCode::usage, path_ + ":" + std::to_string(line) + ": " + what,
                       std::move(hint));
    }

    // Runs `f`; a CliError it throws gets this file's line in front.
    template <class F>
    void at(int line, F&& f) const {
        try {
            f();
        } catch (const CliError& e) {
            fail(line, e.what(), e.hint());
        }
    }

    static int line_of(const YAML::Node& node, int fallback) {
        if (!node.IsDefined() || node.Mark().is_null()) return fallback;
        return node.Mark().line + 1;
    }

    // A scalar or a non-empty list of scalars.
    std::vector<std::string> scalars(const YAML::Node& node, int line,
                                     const std::string& key) const {
        std::vector<std::string> out;
        if (node.IsScalar()) {
            out.push_back(node.Scalar());
        } else if (node.IsSequence()) {
            for (const auto& item : node) {
                if (!item.IsScalar()) fail(line_of(item, line), key + ": expected a list of names");
                out.push_back(item.Scalar());
            }
        } else if (!node.IsNull()) {
            fail(line_of(node, line), key + ": expected a value or a list of values");
        }
        if (out.empty()) fail(line, key + ": no value");
        for (const auto& s : out) {
            if (s.empty()) fail(line, key + ": an empty value");
        }
        return out;
    }

    void parse_entry(const YAML::Node& item, int list_line, AclFile& out) const {
        const int line = line_of(item, list_line);
        if (!item.IsMap()) fail(line, "an entry of acls: is a map", kFormatHint);
        std::vector<std::string> principals, hosts{"*"}, operations, names;
        kfk::AclResourceType type = kfk::AclResourceType::unknown;
        kfk::AclPatternType pattern = kfk::AclPatternType::literal;
        kfk::AclPermission permission = kfk::AclPermission::allow;
        int pattern_line = line;
        std::set<std::string> seen;
        for (const auto& kv : item) {
            const int kline = kv.first.Mark().line + 1;
            const std::string key = kv.first.Scalar();
            if (!seen.insert(key).second) fail(kline, "duplicate key '" + key + "'");
            const auto set_resource = [&](kfk::AclResourceType t) {
                if (type != kfk::AclResourceType::unknown) {
                    fail(kline,
                         "one resource per entry (topic, group, transactional-id or "
                         "cluster); write another entry for the next");
                }
                type = t;
            };
            if (key == "principal") {
                principals = scalars(kv.second, kline, key);
                for (const auto& p : principals) at(kline, [&] { check_principal(p); });
            } else if (key == "topic") {
                set_resource(kfk::AclResourceType::topic);
                names = scalars(kv.second, kline, key);
            } else if (key == "group") {
                set_resource(kfk::AclResourceType::group);
                names = scalars(kv.second, kline, key);
            } else if (key == "transactional-id") {
                set_resource(kfk::AclResourceType::transactional_id);
                names = scalars(kv.second, kline, key);
            } else if (key == "cluster") {
                const auto v = kv.second.IsScalar() ? kv.second.Scalar() : std::string{};
                if (v != "true" && v != kfk::acl_cluster_name) {
                    fail(kline, "cluster: takes true (the cluster resource, kafka-cluster)");
                }
                set_resource(kfk::AclResourceType::cluster);
                names = {std::string{kfk::acl_cluster_name}};
            } else if (key == "pattern") {
                const auto v = scalars(kv.second, kline, key);
                const auto p = kfk::parse_acl_pattern_type(v.front());
                if (v.size() != 1 || !p ||
                    (*p != kfk::AclPatternType::literal && *p != kfk::AclPatternType::prefixed)) {
                    fail(kline, "pattern: is literal or prefixed");
                }
                pattern = *p;
                pattern_line = kline;
            } else if (key == "permission") {
                const auto v = scalars(kv.second, kline, key);
                const auto p = kfk::parse_acl_permission(v.front());
                if (v.size() != 1 || !p || *p == kfk::AclPermission::any) {
                    fail(kline, "permission: is allow or deny");
                }
                permission = *p;
            } else if (key == "operations" || key == "operation") {
                operations = scalars(kv.second, kline, key);
            } else if (key == "host") {
                hosts = scalars(kv.second, kline, key);
            } else {
                fail(kline, "unknown key '" + key + "'", kFormatHint);
            }
        }
        if (principals.empty()) fail(line, "the entry has no principal", kFormatHint);
        if (type == kfk::AclResourceType::unknown) {
            fail(line, "the entry names no resource (topic, group, transactional-id or cluster)",
                 kFormatHint);
        }
        if (operations.empty()) fail(line, "the entry has no operations", kFormatHint);
        if (type == kfk::AclResourceType::cluster && pattern == kfk::AclPatternType::prefixed) {
            fail(pattern_line, "the cluster resource cannot be prefixed");
        }
        std::vector<kfk::AclOperation> ops;
        for (const auto& w : operations) {
            at(line, [&] {
                const auto op = parse_operation_arg(w);
                check_operation(type, op);
                ops.push_back(op);
            });
        }
        for (const auto& principal : principals) {
            for (const auto& host : hosts) {
                for (const auto& name : names) {
                    for (auto op : ops) {
                        kfk::AclBinding b;
                        b.resource_type = type;
                        b.resource_name = name;
                        b.pattern_type = pattern;
                        b.principal = principal;
                        b.host = host;
                        b.operation = op;
                        b.permission = permission;
                        out.bindings.push_back(std::move(b));
                    }
                }
            }
        }
    }

    std::string_view text_;
    const std::string& path_;
};

}  // namespace

AclFile parse_acl_file(std::string_view text, const std::string& path) {
    return FileParser{text, path}.parse();
}

AclFile load_acl_file(const std::string& path) {
    std::string text;
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>{std::cin}, std::istreambuf_iterator<char>{});
    } else {
        std::ifstream in{path, std::ios::binary};
        if (!in) {
            throw CliError(ExitCode::usage, "cannot read " + path + ": " + std::strerror(errno));
        }
        std::ostringstream buf;
        buf << in.rdbuf();
        text = buf.str();
    }
    return parse_acl_file(text, path == "-" ? std::string{"<stdin>"} : path);
}

AclPlan plan_acls(const AclFile& file, const std::vector<kfk::AclBinding>& current, bool prune) {
    auto principals = file.principals;
    for (const auto& b : file.bindings) principals.push_back(b.principal);
    std::sort(principals.begin(), principals.end());
    std::vector<kfk::AclBinding> cur;
    for (const auto& b : current) {
        if (std::binary_search(principals.begin(), principals.end(), b.principal)) {
            cur.push_back(b);
        }
    }
    std::sort(cur.begin(), cur.end());
    cur.erase(std::unique(cur.begin(), cur.end()), cur.end());
    auto want = file.bindings;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    AclPlan plan;
    std::set_difference(want.begin(), want.end(), cur.begin(), cur.end(),
                        std::back_inserter(plan.to_add));
    std::vector<kfk::AclBinding> extra;
    std::set_difference(cur.begin(), cur.end(), want.begin(), want.end(),
                        std::back_inserter(extra));
    plan.unchanged = cur.size() - extra.size();
    (prune ? plan.to_remove : plan.kept) = std::move(extra);
    return plan;
}

}  // namespace kfk::cli
