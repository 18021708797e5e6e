#include "core/encoding.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstring>

#include "core/out_buffer_stream.hpp"

namespace kfk::cli {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(unsigned char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;  // '-' and '_': the URL-safe alphabet, accepted too
    if (c == '/' || c == '_') return 63;
    return -1;
}

std::size_t encode_base64(std::string_view bytes, char* out) noexcept {
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    char* p = out;
    std::size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) |
                                std::uint32_t{in[i + 2]};
        *p++ = kBase64[v >> 18];
        *p++ = kBase64[(v >> 12) & 63];
        *p++ = kBase64[(v >> 6) & 63];
        *p++ = kBase64[v & 63];
    }
    if (i + 1 == n) {
        const std::uint32_t v = std::uint32_t{in[i]} << 16;
        *p++ = kBase64[v >> 18];
        *p++ = kBase64[(v >> 12) & 63];
        *p++ = '=';
        *p++ = '=';
    } else if (i + 2 == n) {
        const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
        *p++ = kBase64[v >> 18];
        *p++ = kBase64[(v >> 12) & 63];
        *p++ = kBase64[(v >> 6) & 63];
        *p++ = '=';
    }
    return static_cast<std::size_t>(p - out);
}

// RapidJSON's validator copies what it validates to an output stream; nothing is kept here.
struct DiscardOutput {
    using Ch = char;
    void Put(char) noexcept {}
};

// RapidJSON writes control characters as \u001F; kfk has always written \u001f (as
// nlohmann::json and jq do), and tests and scripts compare bytes. Every backslash in the
// written string starts a two-character escape, so walking escape by escape is exact.
void lowercase_unicode_escapes(OutBuffer& out, std::size_t start) {
    char* const end = out.data() + out.size();
    char* p = out.data() + start;
    while ((p = static_cast<char*>(std::memchr(p, '\\', static_cast<std::size_t>(end - p))))) {
        if (p[1] == 'u') {
            for (char* hex = p + 2; hex < p + 6; ++hex) {
                if (*hex >= 'A' && *hex <= 'F') *hex = static_cast<char>(*hex - 'A' + 'a');
            }
            p += 6;
        } else {
            p += 2;
        }
    }
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Fast path over ASCII, 8 bytes at a time: most keys and values are ASCII, and
        // RapidJSON's validator goes one code point per call.
        while (i + 8 <= n) {
            std::uint64_t chunk;
            __builtin_memcpy(&chunk, s + i, 8);
            if (chunk & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        // One multi-byte sequence: RapidJSON's validator refuses overlongs, surrogates and
        // code points above U+10FFFF. A MemoryStream reads '\0' past its end, which is never
        // a continuation byte, so a truncated sequence fails instead of over-reading.
        rapidjson::MemoryStream in{bytes.data() + i, n - i};
        DiscardOutput sink;
        if (!rapidjson::UTF8<>::Validate(in, sink)) return false;
        i += in.Tell();
    }
    return true;
}

void append_base64(OutBuffer& out, std::string_view bytes) {
    char* p = out.reserve((bytes.size() + 2) / 3 * 4);
    out.commit(encode_base64(bytes, p));
}

std::string to_base64(std::string_view bytes) {
    std::string out((bytes.size() + 2) / 3 * 4, '\0');
    out.resize(encode_base64(bytes, out.data()));
    return out;
}

bool decode_base64(std::string_view text, std::string& out) {
    out.clear();
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return false;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : text) {
        const int v = base64_value(c);
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    return true;
}

void append_json_string(OutBuffer& out, std::string_view bytes) {
    const std::size_t start = out.size();
    {
        OutBufferStream stream{out};
        // No heap: a Writer allocates only for nested objects/arrays, never for one string.
        rapidjson::Writer<OutBufferStream> writer{stream};
        writer.String(bytes.data(), static_cast<rapidjson::SizeType>(bytes.size()));
    }
    lowercase_unicode_escapes(out, start);
}

}  // namespace kfk::cli
