#pragma once
// RedisReply: one reply of Redis as a value (hiredis's redisReply copied out, so it outlives the
// callback): a status, an error, an integer, a bulk string, nil or an array of replies.
#include <QByteArray>
#include <QList>

struct RedisReply
{
    enum class Type { Nil, Status, Error, Integer, String, Array };
    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray text; //!< Status, Error and String
    QList<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
    //! A reply made here: the link is not up, or went down before the answer came.
    static RedisReply error(const QByteArray &why)
    {
        RedisReply r;
        r.type = Type::Error;
        r.text = why;
        return r;
    }
};
