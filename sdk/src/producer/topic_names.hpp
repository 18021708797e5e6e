// Topic names for delivery reports, stored once for the whole program.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace kfk::detail {

// Topic names are stored once for the whole program (never freed, not even at exit): the
// topic views in delivery reports stay valid after their producer is gone. The table is
// bounded (applications may send to ever new names): past the bound, null.
inline constexpr std::size_t interned_topics_max = 4096;
const std::string* try_intern_topic(std::string_view name);
std::size_t interned_topic_count();

// DeliveryReport::topic and what keeps it alive: the interned name, or else an owned copy.
struct TopicName {
    std::string_view view;
    std::shared_ptr<const std::string> owner;  // null when interned
};
TopicName topic_name_for(std::string_view name);

}  // namespace kfk::detail
