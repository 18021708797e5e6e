// kfk/serde/json_nlohmann.hpp - JSON via nlohmann/json: the convenient path.
//
// Trade-off (see also json_rapid.hpp): nlohmann/json needs the least code per type (the
// NLOHMANN_DEFINE_TYPE_* macros or to_json/from_json), but each encode builds a json tree
// and a std::string before copying into the Buffer, and each decode builds a tree: several
// heap allocations per message. Use it where convenience beats throughput; use
// RapidJson<T> on hot topics. Both flavours read and write plain UTF-8 JSON text, so a
// topic can be produced with one and consumed with the other.
//
//   namespace app {
//   struct Order { std::string id; std::int64_t qty; double price; };
//   NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Order, id, qty, price)
//   }
//   template <> struct kfk::serde::Serde<app::Order> : kfk::serde::NlohmannJson<app::Order> {};
//
// Also provided: Serde<nlohmann::json> and Serde<nlohmann::ordered_json> for free-form JSON.
//
// Errors
//   Decoding never throws. Malformed JSON (including invalid UTF-8, trailing garbage, and
//   numbers too large for a double) becomes a DecodeError carrying nlohmann's message with
//   the byte position; it is parsed through the SAX interface, so no exception is thrown
//   even internally. A well-formed document that from_json() rejects (nlohmann throws from
//   get<T>()) is caught and reported as a DecodeError too.
//   Encoding throws SerializeError if nlohmann refuses the value (invalid UTF-8 in a
//   string, or whatever to_json throws). nlohmann writes NaN/Inf as null.
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "kfk/serde/concepts.hpp"

namespace kfk::serde {

namespace detail {

// Builds a DOM from SAX events. Mirrors nlohmann's own DOM parser, but records a parse
// error instead of throwing it.
template <class Json>
class NlohmannDomBuilder final : public nlohmann::json_sax<Json> {
  public:
    using number_integer_t = typename Json::number_integer_t;
    using number_unsigned_t = typename Json::number_unsigned_t;
    using number_float_t = typename Json::number_float_t;
    using string_t = typename Json::string_t;
    using binary_t = typename Json::binary_t;

    explicit NlohmannDomBuilder(Json& root) : root_(root) {}

    bool null() override { return put(Json(nullptr)) != nullptr; }
    bool boolean(bool v) override { return put(Json(v)) != nullptr; }
    bool number_integer(number_integer_t v) override { return put(Json(v)) != nullptr; }
    bool number_unsigned(number_unsigned_t v) override { return put(Json(v)) != nullptr; }
    bool number_float(number_float_t v, const string_t&) override {
        return put(Json(v)) != nullptr;
    }
    bool string(string_t& v) override { return put(Json(std::move(v))) != nullptr; }
    bool binary(binary_t& v) override {  // never emitted for JSON text
        return put(Json::binary(std::move(static_cast<typename binary_t::container_type&>(v)))) !=
               nullptr;
    }
    bool start_object(std::size_t) override {
        stack_.push_back(put(Json(Json::value_t::object)));
        return true;
    }
    bool key(string_t& k) override {
        object_slot_ = &(*stack_.back())[std::move(k)];
        return true;
    }
    bool end_object() override {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) override {
        stack_.push_back(put(Json(Json::value_t::array)));
        return true;
    }
    bool end_array() override {
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::json::exception& ex) override {
        error_ = ex.what();
        position_ = position;
        return false;
    }

    [[nodiscard]] const std::string& error() const noexcept { return error_; }
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

  private:
    // Stores v where the grammar says the next value goes; returns its address.
    Json* put(Json&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Json* parent = stack_.back();
        if (parent->is_array()) {
            parent->push_back(std::move(v));
            return &parent->back();
        }
        *object_slot_ = std::move(v);
        return object_slot_;
    }

    Json& root_;
    std::vector<Json*> stack_;  // open containers; their addresses are stable while open
    Json* object_slot_ = nullptr;
    std::string error_;
    std::size_t position_ = 0;
};

template <class Json>
Decoded<Json> parse_nlohmann(Bytes payload) {
    Json root;
    NlohmannDomBuilder<Json> builder(root);
    const char* first = reinterpret_cast<const char*>(payload.data());
    const char* last = first + payload.size();
    if (!Json::sax_parse(first, last, &builder)) {
        return DecodeError{"kfk: invalid JSON (" + std::to_string(payload.size()) +
                           " bytes): " + builder.error()};
    }
    return root;
}

template <class Json>
Bytes dump_nlohmann(const Json& j, Buffer& out) {
    std::string text;
    try {
        text = j.dump(-1, ' ', false, Json::error_handler_t::strict);
    } catch (const nlohmann::json::exception& e) {
        throw SerializeError(std::string("kfk: cannot encode JSON: ") + e.what());
    }
    const std::size_t start = out.size();
    out.append(text.data(), text.size());
    return out.view_from(start);
}

// Free-form JSON values.
template <class Json>
struct NlohmannJsonValue {
    static Bytes serialize(const Json& v, Buffer& out) { return dump_nlohmann(v, out); }
    static Decoded<Json> deserialize(Bytes payload) { return parse_nlohmann<Json>(payload); }
};

}  // namespace detail

template <>
struct Serde<nlohmann::json> : detail::NlohmannJsonValue<nlohmann::json> {};
template <>
struct Serde<nlohmann::ordered_json> : detail::NlohmannJsonValue<nlohmann::ordered_json> {};

// Base for Serde<T> specializations of types with nlohmann to_json/from_json (found by ADL,
// or through nlohmann::adl_serializer<T>). Json may be nlohmann::ordered_json to keep the
// member order of to_json().
template <class T, class Json = nlohmann::json>
struct NlohmannJson {
    static Bytes serialize(const T& v, Buffer& out) {
        Json j;
        try {
            j = v;
        } catch (const nlohmann::json::exception& e) {
            throw SerializeError("kfk: cannot encode " + std::string(detail::type_name<T>()) +
                                 " as JSON: " + e.what());
        }
        return detail::dump_nlohmann(j, out);
    }

    static Decoded<T> deserialize(Bytes payload) {
        Decoded<Json> j = detail::parse_nlohmann<Json>(payload);
        if (!j) return j.error();
        try {
            return j.value().template get<T>();
        } catch (const nlohmann::json::exception& e) {
            return DecodeError{"kfk: JSON does not match " + std::string(detail::type_name<T>()) +
                               ": " + e.what()};
        } catch (const std::exception& e) {  // a hand-written from_json may throw anything
            return DecodeError{"kfk: JSON does not match " + std::string(detail::type_name<T>()) +
                               ": " + e.what()};
        }
    }
};

}  // namespace kfk::serde
