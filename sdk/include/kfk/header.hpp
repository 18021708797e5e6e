// Record headers. A header is a key with an optional value (a null value is not the same as
// an empty one); keys may repeat and their order is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kfk {

// Non-owning view: what send() takes (the bytes are copied before send() returns) and what
// a consumed record hands out (valid while that record lives).
struct Header {
    std::string_view key;
    std::optional<std::string_view> value;

    friend bool operator==(const Header&, const Header&) = default;
};

// Owning form, for keeping headers beyond the record they came from.
struct OwnedHeader {
    std::string key;
    std::optional<std::string> value;

    Header view() const {
        return {key, value ? std::optional<std::string_view>{*value} : std::nullopt};
    }
    friend bool operator==(const OwnedHeader&, const OwnedHeader&) = default;
};

}  // namespace kfk
