/** Retort's result cache shared between processes through Redis. */
module dev.retort.redis {
    requires transitive dev.retort.core;
    requires redis.clients.jedis;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports dev.retort.redis;
}
