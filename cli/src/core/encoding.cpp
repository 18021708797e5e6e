#include "core/encoding.hpp"

#include <cstdint>

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

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Fast path over ASCII, 8 bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t chunk;
            __builtin_memcpy(&chunk, s + i, 8);
            if (chunk & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += len;
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
    static constexpr char hex[] = "0123456789abcdef";
    // Worst case: every byte becomes \u00XX (6 bytes), plus the quotes.
    char* start = out.reserve(bytes.size() * 6 + 2);
    char* p = start;
    *p++ = '"';
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = ch;
            continue;
        }
        *p++ = '\\';
        switch (c) {
            case '"':
                *p++ = '"';
                break;
            case '\\':
                *p++ = '\\';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\r':
                *p++ = 'r';
                break;
            case '\t':
                *p++ = 't';
                break;
            case '\b':
                *p++ = 'b';
                break;
            case '\f':
                *p++ = 'f';
                break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = hex[c >> 4];
                *p++ = hex[c & 15];
        }
    }
    *p++ = '"';
    out.commit(static_cast<std::size_t>(p - start));
}

}  // namespace kfk::cli
