// kfk/serde/bytes.hpp - the read-only byte view every serde speaks.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace kfk::serde {

// A read-only view of encoded bytes. Serializers return one; deserializers receive one.
// It never owns memory: who keeps the bytes alive is stated by the function that hands it out.
using Bytes = std::span<const std::byte>;

// View the characters of a string as bytes (no copy).
[[nodiscard]] inline Bytes as_bytes(std::string_view s) noexcept {
    return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

// View bytes as characters (no copy). char may alias any object, so this is well defined.
[[nodiscard]] inline std::string_view as_string_view(Bytes b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace kfk::serde
