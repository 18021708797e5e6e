#include "core/contexts.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/contexts_yaml.hpp"
#include "core/exit_codes.hpp"

namespace kfk::cli {

const std::vector<std::string>& known_context_settings() {
    static const std::vector<std::string> names{"bootstrap",
                                                "client-id",
                                                "timeout",
                                                "security-protocol",
                                                "sasl-mechanism",
                                                "sasl-username",
                                                "sasl-password",
                                                "sasl-password-file",
                                                "sasl-password-env",
                                                "ssl-ca-location",
                                                "ssl-certificate-location",
                                                "ssl-key-location",
                                                "ssl-key-password",
                                                "ssl-key-password-file",
                                                "ssl-key-password-env",
                                                "properties-file"};
    return names;
}

const std::string* Context::setting(std::string_view key) const noexcept {
    for (const auto& [k, v] : settings) {
        if (k == key) return &v;
    }
    return nullptr;
}

const Context* ContextsFile::find(std::string_view context) const noexcept {
    for (const auto& c : contexts) {
        if (c.name == context) return &c;
    }
    return nullptr;
}

std::string default_contexts_path(const char* kfk_config, const char* xdg_config_home,
                                  const char* home) {
    if (kfk_config && *kfk_config) return kfk_config;
    if (xdg_config_home && *xdg_config_home)
        return std::string{xdg_config_home} + "/kfk/config.yml";
    return std::string{home && *home ? home : "."} + "/.config/kfk/config.yml";
}

std::string expand_home(const std::string& path, const char* home) {
    if (path == "~" || path.starts_with("~/"))
        return std::string{home ? home : ""} + path.substr(1);
    return path;
}

ContextsFile parse_contexts(std::string_view text, const std::string& path) {
    ContextsFile file;
    file.path = path;
    file.exists = true;
    const ContextsYaml yaml{text, path};
    const YAML::Node root = yaml.load();
    for (const auto& top : root) {
        const std::string& key = top.first.Scalar();
        const int key_line = ContextsYaml::line_of_key(top.first);
        const YAML::Node& node = top.second;
        const int line = ContextsYaml::line_of(node, key_line);
        if (key == "current-context") {
            if (!node.IsScalar() && !node.IsNull())
                contexts_error(path, line, "current-context must be a name");
            if (auto name = yaml.scalar(node, key_line); !name.empty()) file.current_context = name;
        } else if (key == "contexts") {
            if (!node.IsMap()) contexts_error(path, line, "contexts must be a map of names");
            for (const auto& entry : node) {
                const std::string& name = entry.first.Scalar();
                const int name_line = ContextsYaml::line_of_key(entry.first);
                const YAML::Node& ctx = entry.second;
                if (!ctx.IsMap()) {
                    contexts_error(path, ContextsYaml::line_of(ctx, name_line),
                                   "context '" + name + "' must be a map of settings");
                }
                Context c;
                c.name = name;
                c.line = ContextsYaml::line_of(ctx, name_line);
                for (const auto& setting : ctx) {
                    const std::string& skey = setting.first.Scalar();
                    const int skey_line = ContextsYaml::line_of_key(setting.first);
                    const YAML::Node& sval = setting.second;
                    const int sline = ContextsYaml::line_of(sval, skey_line);
                    if (skey == "properties") {
                        if (!sval.IsMap()) {
                            contexts_error(path, sline,
                                           "properties must be a map of librdkafka properties");
                        }
                        for (const auto& prop : sval) {
                            const std::string& pk = prop.first.Scalar();
                            const int pk_line = ContextsYaml::line_of_key(prop.first);
                            if (!prop.second.IsScalar() && !prop.second.IsNull()) {
                                contexts_error(path, ContextsYaml::line_of(prop.second, pk_line),
                                               "property '" + pk + "' must be a scalar");
                            }
                            c.properties.emplace_back(pk, yaml.scalar(prop.second, pk_line));
                        }
                        continue;
                    }
                    const auto& known = known_context_settings();
                    if (std::find(known.begin(), known.end(), skey) == known.end()) {
                        std::string list;
                        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
                        contexts_error(
                            path, skey_line,
                            "unknown setting '" + skey + "' in context '" + name + "'",
                            "settings: " + list + ", and properties: (any librdkafka property)");
                    }
                    if (sval.IsSequence() && skey == "bootstrap") {
                        std::string joined;
                        for (const auto& item : sval) {
                            joined += (joined.empty() ? "" : ",") + item.Scalar();
                        }
                        c.settings.emplace_back(skey, joined);
                        continue;
                    }
                    if (!sval.IsScalar() && !sval.IsNull()) {
                        contexts_error(path, sline, "setting '" + skey + "' must be a scalar");
                    }
                    c.settings.emplace_back(skey, yaml.scalar(sval, skey_line));
                }
                file.contexts.push_back(std::move(c));
            }
        } else {
            contexts_error(path, key_line, "unknown top-level key '" + key + "'",
                           "top-level keys: current-context, contexts");
        }
    }
    return file;
}

ContextsFile load_contexts(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            ContextsFile empty;
            empty.path = path;
            return empty;
        }
        throw CliError(ExitCode::usage, "cannot read " + path + ": " + std::strerror(errno));
    }
    std::ifstream in{path, std::ios::binary};
    if (!in) throw CliError(ExitCode::usage, "cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    ContextsFile file = parse_contexts(text.str(), path);
    file.mode = st.st_mode & 07777;
    return file;
}

// A line edit, not a yaml-cpp round trip: yaml-cpp drops comments and blank lines and
// re-styles what it writes, and the user's file should keep both.
std::string with_current_context(std::string_view text, const std::string& name) {
    std::string out;
    bool replaced = false;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const auto line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (!replaced && line.starts_with("current-context:")) {
            out += "current-context: " + name + "\n";
            replaced = true;
            continue;
        }
        out += line;
        out += '\n';
    }
    if (!replaced) out = "current-context: " + name + "\n" + out;
    return out;
}

void write_current_context(const std::string& path, const std::string& name) {
    std::string text;
    if (std::ifstream in{path, std::ios::binary}) {
        std::ostringstream s;
        s << in.rdbuf();
        text = s.str();
    }
    const std::string updated = with_current_context(text, name);
    // Validate before writing: never leave a file kfk cannot read back.
    (void)parse_contexts(updated, path);
    std::error_code ec;
    const auto dir = std::filesystem::path{path}.parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
        if (!out)
            throw CliError(ExitCode::usage, "cannot write " + tmp + ": " + std::strerror(errno));
        out << updated;
        if (!out.flush()) throw CliError(ExitCode::usage, "cannot write " + tmp);
    }
    struct stat st {};
    const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0600;
    ::chmod(tmp.c_str(), mode);
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw CliError(ExitCode::usage, "cannot replace " + path + ": " + ec.message());
}

}  // namespace kfk::cli
