// kfk/serde/concepts.hpp - the customization point (Serde<T>) and the concepts over it.
#pragma once

#include <concepts>

#include "kfk/serde/buffer.hpp"
#include "kfk/serde/bytes.hpp"
#include "kfk/serde/error.hpp"

namespace kfk::serde {

// The customization point. Specialize it for your type:
//
//   template <> struct kfk::serde::Serde<MyType> {
//       static kfk::serde::Bytes serialize(const MyType& v, kfk::serde::Buffer& out);
//       static kfk::serde::Decoded<MyType> deserialize(kfk::serde::Bytes payload);
//   };
//
// serialize() either returns a view into `v` itself (zero copy) or appends to `out` and
// returns a view of exactly the appended bytes. It must not clear `out`.
// deserialize() must not throw and must not crash on arbitrary input: report problems
// as a DecodeError. The primary template is deliberately left undefined so that
// "no serde" is detectable (see require_serde below). Specialize before first use.
template <class T>
struct Serde;

// T can be encoded: Serde<T>::serialize(const T&, Buffer&) -> Bytes.
template <class T>
concept Serializer = requires(const T& v, Buffer& out) {
    { Serde<T>::serialize(v, out) } -> std::same_as<Bytes>;
};

// T can be decoded: Serde<T>::deserialize(Bytes) -> Decoded<T>.
template <class T>
concept Deserializer = requires(Bytes b) {
    { Serde<T>::deserialize(b) } -> std::same_as<Decoded<T>>;
};

// T can go both ways.
template <class T>
concept HasSerde = Serializer<T> && Deserializer<T>;

// Compile-time checks with one readable message, for class templates such as
// Producer<K, V> / Consumer<K, V>. Use them in the class body so they fire when the class
// is instantiated, before any member function tries to call Serde<T>:
//
//   template <class K, class V> class Producer {
//       static_assert(kfk::serde::require_serializer<K>());
//       static_assert(kfk::serde::require_serializer<V>());
//       ...
//
// Do not constrain the template with the concepts instead: a constraint failure prints a
// wall of notes, while this prints "kfk: no serializer for this type ..." first.
template <class T>
consteval bool require_serializer() {
    static_assert(Serializer<T>,
                  "kfk: no serializer for this type -- specialize kfk::serde::Serde<T> (see "
                  "kfk/serde/serde.hpp), e.g. derive it from kfk::serde::RapidJson<T> or "
                  "kfk::serde::NlohmannJson<T>");
    return true;
}

template <class T>
consteval bool require_deserializer() {
    static_assert(Deserializer<T>,
                  "kfk: no deserializer for this type -- specialize kfk::serde::Serde<T> (see "
                  "kfk/serde/serde.hpp), e.g. derive it from kfk::serde::RapidJson<T> or "
                  "kfk::serde::NlohmannJson<T>");
    return true;
}

// Both directions, one message.
template <class T>
consteval bool require_serde() {
    static_assert(HasSerde<T>,
                  "kfk: no serializer for this type -- specialize kfk::serde::Serde<T> (see "
                  "kfk/serde/serde.hpp), e.g. derive it from kfk::serde::RapidJson<T> or "
                  "kfk::serde::NlohmannJson<T>");
    return true;
}

}  // namespace kfk::serde
