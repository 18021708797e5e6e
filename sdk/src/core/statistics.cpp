#include "kfk/statistics.hpp"

#include <rapidjson/document.h>

namespace kfk {
namespace {

std::int64_t int_of(const rapidjson::Value& obj, const char* key, std::int64_t fallback = 0) {
    auto it = obj.FindMember(key);
    return it != obj.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : fallback;
}

std::string str_of(const rapidjson::Value& obj, const char* key) {
    auto it = obj.FindMember(key);
    return it != obj.MemberEnd() && it->value.IsString()
               ? std::string{it->value.GetString(), it->value.GetStringLength()}
               : std::string{};
}

}  // namespace

Statistics Statistics::parse(std::string_view json) {
    Statistics s;
    s.raw_json.assign(json);
    rapidjson::Document doc;
    doc.Parse(s.raw_json.data(), s.raw_json.size());
    if (doc.HasParseError() || !doc.IsObject()) return s;

    s.name = str_of(doc, "name");
    s.client_id = str_of(doc, "client_id");
    s.type = str_of(doc, "type");
    s.ts_us = int_of(doc, "ts");
    s.msg_cnt = int_of(doc, "msg_cnt");
    s.msg_size = int_of(doc, "msg_size");
    s.msg_max = int_of(doc, "msg_max");
    s.tx_msgs = int_of(doc, "txmsgs");
    s.rx_msgs = int_of(doc, "rxmsgs");

    if (auto b = doc.FindMember("brokers"); b != doc.MemberEnd() && b->value.IsObject()) {
        for (const auto& [name, broker] : b->value.GetObject()) {
            if (!broker.IsObject()) continue;
            Broker out;
            out.name.assign(name.GetString(), name.GetStringLength());
            out.node_id = static_cast<std::int32_t>(int_of(broker, "nodeid", -1));
            out.state = str_of(broker, "state");
            out.outbuf_msg_cnt = int_of(broker, "outbuf_msg_cnt");
            out.waitresp_cnt = int_of(broker, "waitresp_cnt");
            if (auto rtt = broker.FindMember("rtt");
                rtt != broker.MemberEnd() && rtt->value.IsObject()) {
                out.rtt_avg = std::chrono::microseconds{int_of(rtt->value, "avg")};
                out.rtt_p99 = std::chrono::microseconds{int_of(rtt->value, "p99")};
            }
            s.brokers.push_back(std::move(out));
        }
    }
    if (auto t = doc.FindMember("topics"); t != doc.MemberEnd() && t->value.IsObject()) {
        for (const auto& [topic_name, topic] : t->value.GetObject()) {
            auto parts = topic.FindMember("partitions");
            if (parts == topic.MemberEnd() || !parts->value.IsObject()) continue;
            for (const auto& [pname, p] : parts->value.GetObject()) {
                const auto id = int_of(p, "partition", -1);
                if (id < 0) continue;  // librdkafka's unassigned-records pseudo partition
                Partition out;
                out.topic.assign(topic_name.GetString(), topic_name.GetStringLength());
                out.partition = static_cast<std::int32_t>(id);
                out.msgq_cnt = int_of(p, "msgq_cnt");
                out.consumer_lag = int_of(p, "consumer_lag", -1);
                out.committed_offset = int_of(p, "committed_offset", -1001);
                out.hi_offset = int_of(p, "hi_offset", -1);
                out.ls_offset = int_of(p, "ls_offset", -1);
                s.partitions.push_back(std::move(out));
            }
        }
    }
    return s;
}

}  // namespace kfk
