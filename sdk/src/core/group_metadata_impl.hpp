// What a GroupMetadata holds, and the gate (a friend of GroupMetadata) through which the
// consumer makes one and a transactional producer reads it.
#pragma once

#include <memory>
#include <string>

#include "core/handles.hpp"
#include "kfk/group_metadata.hpp"

namespace kfk {

struct GroupMetadata::Impl {
    detail::GroupMetadataPtr md;
    std::string group_id;
};

namespace detail {

struct GroupMetadataAccess {
    static GroupMetadata make(GroupMetadataPtr md, std::string group_id) {
        auto impl = std::make_unique<GroupMetadata::Impl>();
        impl->md = std::move(md);
        impl->group_id = std::move(group_id);
        return GroupMetadata{std::move(impl)};
    }
    // nullptr for an empty (default-constructed or moved-from) GroupMetadata.
    static const rd_kafka_consumer_group_metadata_t* native(const GroupMetadata& g) noexcept {
        return g.impl_ ? g.impl_->md.get() : nullptr;
    }
};

}  // namespace detail
}  // namespace kfk
