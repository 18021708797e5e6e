// kfk/serde/serde.hpp - umbrella header for the core serializers.
//
// Includes: bytes.hpp, buffer.hpp, error.hpp, concepts.hpp, null.hpp, string.hpp,
// binary.hpp, numeric.hpp. Standard library only.
// Does NOT include the JSON flavours, so that string/int users never pay for a JSON parser:
//   #include <kfk/serde/json_rapid.hpp>     // RapidJson<T>, Serde<rapidjson::Document>
//   #include <kfk/serde/json_nlohmann.hpp>  // NlohmannJson<T>, Serde<nlohmann::json>
//
// Built-in serdes
//   std::string            raw bytes; encode zero copy, decode copies
//   std::string_view       raw bytes; zero copy both ways (decoded view borrows the record)
//   Bytes (span<const byte>) raw bytes; zero copy both ways (decoded view borrows the record)
//   std::vector<std::byte>, std::vector<std::uint8_t>, std::vector<char>
//                          raw bytes; encode zero copy, decode copies
//   int8..int64, uint8..uint64, float, double, bool
//                          fixed-width big-endian, byte-compatible with Kafka's Java serdes
//   Null                   empty payload; decoding always succeeds
//
// Making your own type usable as a key or value
//   1. JSON, fast path (RapidJSON): give the type ADL functions
//        void write_json(kfk::serde::JsonWriter& w, const Order& o);
//        bool read_json(const rapidjson::Value& v, Order& o);   // or (..., std::string& why)
//      then:  template <> struct kfk::serde::Serde<Order> : kfk::serde::RapidJson<Order> {};
//   2. JSON, convenience (nlohmann/json): give the type nlohmann to_json/from_json (or use
//      NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE), then:
//        template <> struct kfk::serde::Serde<Order> : kfk::serde::NlohmannJson<Order> {};
//   3. Anything else (protobuf, Avro, a packed struct...): specialize Serde<T> directly
//      with serialize()/deserialize() as documented in concepts.hpp.
//   Specialize before the first use of Producer/Consumer with that type.
//
// Lifetimes
//   serialize() returns a view into the value (zero copy) or into the Buffer it was given;
//   use it before the value or Buffer changes. deserialize() receives a view of the record
//   payload; std::string_view and Bytes results point into it and must not outlive the
//   consumed record. Owning results (std::string, vectors, numbers, JSON types) are
//   independent copies.
//
// Kafka null
//   A null key/value is not a payload: the SDK maps it to std::optional<T>/Null outside
//   serde, so serde only sees present payloads (possibly empty).
#pragma once

#include "kfk/serde/binary.hpp"
#include "kfk/serde/buffer.hpp"
#include "kfk/serde/bytes.hpp"
#include "kfk/serde/concepts.hpp"
#include "kfk/serde/error.hpp"
#include "kfk/serde/null.hpp"
#include "kfk/serde/numeric.hpp"
#include "kfk/serde/string.hpp"
