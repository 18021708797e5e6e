// `kfk consume --filter`: keep only records whose key, value or a header matches.
//   key:TEXT      the key contains TEXT          key~REGEX     the key matches REGEX
//   value:TEXT    the value contains TEXT        value~REGEX   ...
//   header.NAME:TEXT / header.NAME~REGEX         a header NAME whose value matches
//   header.NAME   (no operator) the record has a header NAME
// Several filters must all match. Regexes are ECMAScript, searched (not anchored).
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "kfk/header.hpp"

namespace kfk::cli {

class RecordFilter {
  public:
    // Throws CliError(usage) for a malformed filter or regex.
    explicit RecordFilter(std::string_view spec);

    template <class Record>
    bool matches(const Record& r) const {
        switch (field_) {
            case Field::key:
                return match(r.key());
            case Field::value:
                return match(r.value());
            case Field::header: {
                const std::size_t n = r.header_count();
                for (std::size_t i = 0; i < n; ++i) {
                    const kfk::Header h = r.header_at(i);
                    if (h.key == header_ && (presence_only_ || match(h.value))) return true;
                }
                return false;
            }
        }
        return false;
    }

  private:
    enum class Field { key, value, header };
    bool match(const std::optional<std::string_view>& bytes) const;

    Field field_ = Field::value;
    std::string header_;
    bool presence_only_ = false;
    std::string text_;
    std::shared_ptr<const std::regex> regex_;
};

template <class Record>
bool matches_all(const std::vector<RecordFilter>& filters, const Record& r) {
    for (const auto& f : filters) {
        if (!f.matches(r)) return false;
    }
    return true;
}

}  // namespace kfk::cli
