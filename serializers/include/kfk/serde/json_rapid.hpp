// kfk/serde/json_rapid.hpp - JSON via RapidJSON: the fast path.
//
// RapidJSON vs nlohmann/json (json_nlohmann.hpp)
//   RapidJSON: the writer streams straight into the SDK's stack Buffer (no temporary
//   std::string, no heap for small documents: the writer's nesting stack lives in a small
//   arena on the stack), and parsing uses stack arenas for small documents. You write the
//   mapping by hand (write_json/read_json below), which is more code per type but fast.
//   nlohmann/json: one macro or two functions per type and a pleasant DOM, but every encode
//   builds a json tree and a std::string, and every decode builds a tree: several heap
//   allocations per message. Fine for config-like or low-rate topics; prefer RapidJSON on
//   hot topics.
//
// Making a type JSON-encodable (ADL: declare these in the type's namespace)
//
//   struct Order {
//       std::string id;
//       std::int64_t qty;
//       double price;
//       std::optional<std::string> note;
//   };
//
//   void write_json(kfk::serde::JsonWriter& w, const Order& o) {
//       using kfk::serde::rapid::write_field;
//       w.StartObject();
//       write_field(w, "id", o.id);
//       write_field(w, "qty", o.qty);
//       write_field(w, "price", o.price);
//       write_field(w, "note", o.note);          // std::nullopt -> null
//       w.EndObject();
//   }
//   // `why` is optional: the two-argument form bool read_json(const rapidjson::Value&, Order&)
//   // works too, with a less precise error message.
//   bool read_json(const rapidjson::Value& v, Order& o, std::string& why) {
//       using kfk::serde::rapid::read_field;
//       return read_field(v, "id", o.id, why) && read_field(v, "qty", o.qty, why) &&
//              read_field(v, "price", o.price, why) && read_field(v, "note", o.note, why);
//   }
//   template <> struct kfk::serde::Serde<Order> : kfk::serde::RapidJson<Order> {};
//
// read_json must only use checked accessors (IsInt() before GetInt(), ...): RapidJSON's
// Get*() on the wrong type is an assertion/UB. read_field/read_value do all the checking.
// Values supported by write_value/read_value out of the box: bool, integers (range
// checked on read), float/double, std::string (string_view too, write only),
// std::optional<T> (null), std::vector<T> (array), and any type with write_json/read_json.
//
// Encoding never validates UTF-8 (strings are written as given); decoding does validate it.
// A NaN/Inf double cannot be written as JSON: serialize() throws SerializeError.
// Decoding uses RapidJSON's iterative parser, so deeply nested input cannot overflow the
// stack, and reports the parse error and its byte offset as a DecodeError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/writer.h>

#include "kfk/serde/concepts.hpp"

namespace kfk::serde {

namespace detail {

// RapidJSON output stream writing into a Buffer.
class BufferOutputStream {
  public:
    using Ch = char;
    explicit BufferOutputStream(Buffer& out) noexcept : out_(&out) {}
    void Put(char c) { out_->push_back(static_cast<std::byte>(c)); }
    void Flush() noexcept {}
    void reserve_extra(std::size_t n) { out_->reserve_extra(n); }

  private:
    Buffer* out_;
};

// Found by ADL from rapidjson::Writer; preferred over RapidJSON's no-op templates so that
// each token does a single capacity check.
inline void PutReserve(BufferOutputStream& s, std::size_t n) {
    s.reserve_extra(n);
}
inline void PutUnsafe(BufferOutputStream& s, char c) {
    s.Put(c);
}

}  // namespace detail

// The writer handed to write_json(). It implements RapidJSON's Handler concept (so
// rapidjson::Document::Accept(writer) works) and remembers whether any call failed, which
// RapidJSON's own Writer does not: a failed Double(NaN) would otherwise leave broken JSON.
// Once a call has failed, serialize() throws SerializeError and discards the output.
class JsonWriter {
  public:
    explicit JsonWriter(Buffer& out)
        : pool_(arena_, sizeof(arena_), arena_chunk),
          stream_(out),
          writer_(stream_, &pool_, arena_levels) {}
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    bool Null() { return value_allowed() && note(writer_.Null()); }
    bool Bool(bool b) { return value_allowed() && note(writer_.Bool(b)); }
    bool Int(int i) { return value_allowed() && note(writer_.Int(i)); }
    bool Uint(unsigned u) { return value_allowed() && note(writer_.Uint(u)); }
    bool Int64(std::int64_t i) { return value_allowed() && note(writer_.Int64(i)); }
    bool Uint64(std::uint64_t u) { return value_allowed() && note(writer_.Uint64(u)); }
    // Fails (and marks the writer failed) for NaN and infinities.
    bool Double(double d) { return value_allowed() && note(writer_.Double(d)); }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool copy = false) {
        return value_allowed() && note(writer_.RawNumber(s, n, copy));
    }
    bool String(const char* s, rapidjson::SizeType n, bool copy = false) {
        return value_allowed() && note(writer_.String(s, n, copy));
    }
    bool String(const char* s) { return String(std::string_view(s)); }
    bool String(std::string_view s) {
        if (!fits(s)) return note(false);
        return String(chars(s), static_cast<rapidjson::SizeType>(s.size()));
    }
    bool Key(const char* s, rapidjson::SizeType n, bool copy = false) {
        if (depth_ == 0) return note(false);
        return note(writer_.Key(s, n, copy));
    }
    bool Key(const char* s) { return Key(std::string_view(s)); }
    bool Key(std::string_view s) {
        if (!fits(s)) return note(false);
        return Key(chars(s), static_cast<rapidjson::SizeType>(s.size()));
    }
    bool StartObject() {
        if (!value_allowed()) return false;
        ++depth_;
        return note(writer_.StartObject());
    }
    bool EndObject(rapidjson::SizeType member_count = 0) {
        if (depth_ == 0) return note(false);
        --depth_;
        return note(writer_.EndObject(member_count));
    }
    bool StartArray() {
        if (!value_allowed()) return false;
        ++depth_;
        return note(writer_.StartArray());
    }
    bool EndArray(rapidjson::SizeType element_count = 0) {
        if (depth_ == 0) return note(false);
        --depth_;
        return note(writer_.EndArray(element_count));
    }
    // Splices pre-encoded JSON (trusted to be valid) into the output.
    bool RawValue(std::string_view json, rapidjson::Type type) {
        return value_allowed() && note(writer_.RawValue(json.data(), json.size(), type));
    }

    // One complete root value has been written.
    [[nodiscard]] bool IsComplete() const { return writer_.IsComplete(); }
    // No call has failed so far.
    [[nodiscard]] bool ok() const noexcept { return ok_; }

  private:
    using writer_type = rapidjson::Writer<detail::BufferOutputStream, rapidjson::UTF8<>,
                                          rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>>;

    static bool fits(std::string_view s) noexcept {
        return s.size() <= std::numeric_limits<rapidjson::SizeType>::max();
    }
    // RapidJSON asserts on a null pointer even for length 0 (a default std::string_view).
    static const char* chars(std::string_view s) noexcept { return s.data() ? s.data() : ""; }
    bool note(bool r) noexcept {
        ok_ = ok_ && r;
        return r;
    }
    // RapidJSON asserts (aborts, or UB with NDEBUG) on a second root value or an End*()
    // without a Start*(); turn those write_json() bugs into a failed writer instead. Other
    // misuse (EndArray() closing an object, Key() inside an array) is still RapidJSON's
    // assertion: keep Start/End pairs matched.
    bool value_allowed() noexcept { return !writer_.IsComplete() || note(false); }

    // RapidJSON's writer keeps a stack of nesting levels (16 bytes each). Serve the first
    // `arena_levels` from this arena so small documents never touch the heap; deeper
    // nesting spills to heap chunks of `arena_chunk` bytes.
    static constexpr std::size_t arena_levels = 16;
    static constexpr std::size_t arena_chunk = 4096;
    alignas(std::max_align_t) unsigned char arena_[512];
    rapidjson::MemoryPoolAllocator<> pool_;
    detail::BufferOutputStream stream_;
    writer_type writer_;
    std::size_t depth_ = 0;
    bool ok_ = true;
};

// Flags every kfk JSON decode uses: iterative (no recursion on nested input, so hostile
// payloads cannot overflow the stack), UTF-8 validated, doubles parsed exactly (so what
// the writer prints reads back bit-identical).
inline constexpr unsigned rapidjson_parse_flags = rapidjson::kParseIterativeFlag |
                                                  rapidjson::kParseValidateEncodingFlag |
                                                  rapidjson::kParseFullPrecisionFlag;

namespace detail {

template <class T>
struct is_std_vector : std::false_type {};
template <class U, class A>
struct is_std_vector<std::vector<U, A>> : std::true_type {};
template <class T>
struct is_std_optional : std::false_type {};
template <class U>
struct is_std_optional<std::optional<U>> : std::true_type {};
template <class>
inline constexpr bool always_false_v = false;

template <class T>
inline constexpr bool is_json_integer_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
    !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char8_t> && !std::is_same_v<T, char16_t> &&
    !std::is_same_v<T, char32_t>;

inline const char* json_type_name(const rapidjson::Value& v) noexcept {
    switch (v.GetType()) {
        case rapidjson::kNullType:
            return "null";
        case rapidjson::kFalseType:
        case rapidjson::kTrueType:
            return "bool";
        case rapidjson::kObjectType:
            return "object";
        case rapidjson::kArrayType:
            return "array";
        case rapidjson::kStringType:
            return "string";
        case rapidjson::kNumberType:
            return "number";
    }
    return "unknown";
}

inline bool fail_with(std::string& why, std::string message) {
    why = std::move(message);
    return false;
}

inline bool fail_expected(std::string& why, const char* expected, const rapidjson::Value& got) {
    why = std::string("expected ") + expected + ", got " + json_type_name(got);
    return false;
}

template <class Document>
bool parse_payload(Document& doc, Bytes payload, DecodeError& error) {
    doc.template Parse<rapidjson_parse_flags>(reinterpret_cast<const char*>(payload.data()),
                                              payload.size());
    if (!doc.HasParseError()) return true;
    error.message = "kfk: invalid JSON at byte " + std::to_string(doc.GetErrorOffset()) + " of " +
                    std::to_string(payload.size()) + ": " +
                    rapidjson::GetParseError_En(doc.GetParseError());
    return false;
}

}  // namespace detail

// Building blocks for write_json/read_json. Each dispatches on the value's type: built-ins
// first, then the ADL write_json/read_json of user types (so they nest freely).
namespace rapid {

template <class T>
concept has_write_json = requires(JsonWriter& w, const T& v) {
    write_json(w, v);
};
template <class T>
concept has_read_json_why = requires(const rapidjson::Value& j, T& out, std::string& why) {
    { read_json(j, out, why) } -> std::convertible_to<bool>;
};
template <class T>
concept has_read_json = requires(const rapidjson::Value& j, T& out) {
    { read_json(j, out) } -> std::convertible_to<bool>;
};

template <class T>
void write_value(JsonWriter& w, const T& v) {
    if constexpr (has_write_json<T>) {
        write_json(w, v);
    } else if constexpr (std::is_same_v<T, bool>) {
        w.Bool(v);
    } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
        w.Null();
    } else if constexpr (detail::is_json_integer_v<T>) {
        if constexpr (std::is_signed_v<T>) {
            w.Int64(static_cast<std::int64_t>(v));
        } else {
            w.Uint64(static_cast<std::uint64_t>(v));
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        w.Double(static_cast<double>(v));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        w.String(std::string_view(v));
    } else if constexpr (detail::is_std_optional<T>::value) {
        if (v) {
            write_value(w, *v);
        } else {
            w.Null();
        }
    } else if constexpr (detail::is_std_vector<T>::value) {
        w.StartArray();
        for (const auto& e : v) write_value(w, static_cast<const typename T::value_type&>(e));
        w.EndArray();
    } else {
        static_assert(detail::always_false_v<T>,
                      "kfk: no JSON writer for this type -- declare "
                      "void write_json(kfk::serde::JsonWriter&, const T&) in T's namespace");
    }
}

template <class T>
void write_field(JsonWriter& w, std::string_view key, const T& v) {
    w.Key(key);
    write_value(w, v);
}

// Reads `j` into `out`. On failure returns false and sets `why` (out may be partly set).
template <class T>
bool read_value(const rapidjson::Value& j, T& out, std::string& why) {
    if constexpr (has_read_json_why<T>) {
        return static_cast<bool>(read_json(j, out, why));
    } else if constexpr (has_read_json<T>) {
        if (read_json(j, out)) return true;
        why = std::string("read_json() rejected a ") + detail::json_type_name(j) + " for " +
              std::string(detail::type_name<T>());
        return false;
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!j.IsBool()) return detail::fail_expected(why, "bool", j);
        out = j.GetBool();
        return true;
    } else if constexpr (detail::is_json_integer_v<T>) {
        if constexpr (std::is_signed_v<T>) {
            if (!j.IsInt64()) {
                if (j.IsUint64()) return detail::fail_with(why, "integer out of range");
                return detail::fail_expected(why, "integer", j);
            }
            const std::int64_t x = j.GetInt64();
            if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max()) {
                why = "integer " + std::to_string(x) + " out of range";
                return false;
            }
            out = static_cast<T>(x);
        } else {
            if (!j.IsUint64()) {
                if (j.IsInt64())
                    return detail::fail_with(why, "negative integer for an unsigned field");
                return detail::fail_expected(why, "integer", j);
            }
            const std::uint64_t x = j.GetUint64();
            if (x > std::numeric_limits<T>::max()) {
                why = "integer " + std::to_string(x) + " out of range";
                return false;
            }
            out = static_cast<T>(x);
        }
        return true;
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!j.IsNumber()) return detail::fail_expected(why, "number", j);
        const double d = j.GetDouble();
        // Narrowing an out-of-range double is UB; JSON cannot carry NaN/Inf, so d is finite.
        if constexpr (sizeof(T) < sizeof(double)) {
            if (d > std::numeric_limits<T>::max() || d < std::numeric_limits<T>::lowest()) {
                return detail::fail_with(why, "number out of range for float");
            }
        }
        out = static_cast<T>(d);
        return true;
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!j.IsString()) return detail::fail_expected(why, "string", j);
        out.assign(j.GetString(), j.GetStringLength());
        return true;
    } else if constexpr (detail::is_std_optional<T>::value) {
        if (j.IsNull()) {
            out.reset();
            return true;
        }
        typename T::value_type inner{};
        if (!read_value(j, inner, why)) return false;
        out = std::move(inner);
        return true;
    } else if constexpr (detail::is_std_vector<T>::value) {
        if (!j.IsArray()) return detail::fail_expected(why, "array", j);
        out.clear();
        out.reserve(j.Size());
        for (rapidjson::SizeType i = 0; i < j.Size(); ++i) {
            typename T::value_type e{};
            if (!read_value(j[i], e, why)) {
                why = "[" + std::to_string(i) + "]: " + why;
                return false;
            }
            out.push_back(std::move(e));
        }
        return true;
    } else {
        static_assert(detail::always_false_v<T>,
                      "kfk: no JSON reader for this type -- declare "
                      "bool read_json(const rapidjson::Value&, T&) in T's namespace");
        return false;
    }
}

// Reads member `key` of object `obj`. A missing member is an error, except for
// std::optional fields, which become std::nullopt.
template <class T>
bool read_field(const rapidjson::Value& obj, std::string_view key, T& out, std::string& why) {
    if (!obj.IsObject()) return detail::fail_expected(why, "object", obj);
    if (key.size() > std::numeric_limits<rapidjson::SizeType>::max())
        return detail::fail_with(why, "key too long");
    const rapidjson::Value name(rapidjson::StringRef(key.data() != nullptr ? key.data() : "",
                                                     static_cast<rapidjson::SizeType>(key.size())));
    const auto it = obj.FindMember(name);
    if (it == obj.MemberEnd()) {
        if constexpr (detail::is_std_optional<T>::value) {
            out.reset();
            return true;
        } else {
            why = "missing field '" + std::string(key) + "'";
            return false;
        }
    }
    if (!read_value(it->value, out, why)) {
        why = "field '" + std::string(key) + "': " + why;
        return false;
    }
    return true;
}

template <class T>
bool read_field(const rapidjson::Value& obj, std::string_view key, T& out) {
    std::string why;
    return read_field(obj, key, out, why);
}

}  // namespace rapid

// Base for Serde<T> specializations of JSON-encoded types (see the top of this file).
// T must be default-constructible (deserialize() reads into a value-initialized T).
template <class T>
struct RapidJson {
    static Bytes serialize(const T& v, Buffer& out) {
        const std::size_t start = out.size();
        bool written = false;
        {
            JsonWriter w(out);
            rapid::write_value(w, v);
            written = w.ok() && w.IsComplete();
        }
        if (!written) {
            out.resize(start);
            throw SerializeError("kfk: cannot encode " + std::string(detail::type_name<T>()) +
                                 " as JSON: NaN/Inf number, oversized string, or write_json() did "
                                 "not write exactly one complete value");
        }
        return out.view_from(start);
    }

    static Decoded<T> deserialize(Bytes payload) {
        // Small documents parse entirely inside these stack arenas; larger ones spill to heap.
        alignas(std::max_align_t) unsigned char value_arena[4096];
        alignas(std::max_align_t) unsigned char stack_arena[1024];
        rapidjson::MemoryPoolAllocator<> value_pool(value_arena, sizeof(value_arena));
        rapidjson::MemoryPoolAllocator<> stack_pool(stack_arena, sizeof(stack_arena));
        rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                   rapidjson::MemoryPoolAllocator<>>
            doc(&value_pool, 256, &stack_pool);
        DecodeError error;
        if (!detail::parse_payload(doc, payload, error)) return error;
        T value{};
        std::string why;
        if (!rapid::read_value(static_cast<const rapidjson::Value&>(doc), value, why)) {
            return DecodeError{"kfk: JSON does not match " + std::string(detail::type_name<T>()) +
                               ": " + why};
        }
        return value;
    }
};

// A whole rapidjson::Document: any valid JSON, decoded into an owning DOM.
template <>
struct Serde<rapidjson::Document> {
    static Bytes serialize(const rapidjson::Document& v, Buffer& out) {
        const std::size_t start = out.size();
        bool written = false;
        {
            JsonWriter w(out);
            v.Accept(w);
            written = w.ok() && w.IsComplete();
        }
        if (!written) {
            out.resize(start);
            throw SerializeError(
                "kfk: cannot encode rapidjson::Document: it holds a NaN/Inf number");
        }
        return out.view_from(start);
    }

    static Decoded<rapidjson::Document> deserialize(Bytes payload) {
        rapidjson::Document doc;
        DecodeError error;
        if (!detail::parse_payload(doc, payload, error)) return error;
        return Decoded<rapidjson::Document>(std::move(doc));
    }
};

}  // namespace kfk::serde
