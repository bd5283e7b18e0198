#include "sqlitetransaction.h"

#include "sqliteconnection.h"

SqliteTransaction::SqliteTransaction(SqliteConnection &connection)
    : m_connection(connection), m_active(connection.begin())
{
}

SqliteTransaction::~SqliteTransaction()
{
    if (m_active)
        m_connection.rollback();
}

bool SqliteTransaction::isActive() const
{
    return m_active;
}

bool SqliteTransaction::commit()
{
    if (!m_active || !m_connection.commit())
        return false;
    m_active = false;
    return true;
}
