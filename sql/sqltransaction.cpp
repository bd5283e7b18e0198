#include "sqltransaction.h"

#include "sqlconnection.h"

SqlTransaction::SqlTransaction(SqlConnection &connection)
    : m_connection(connection), m_active(connection.begin())
{
}

SqlTransaction::~SqlTransaction()
{
    if (m_active)
        m_connection.rollback();
}

bool SqlTransaction::isActive() const
{
    return m_active;
}

bool SqlTransaction::commit()
{
    if (!m_active || !m_connection.commit())
        return false;
    m_active = false;
    return true;
}
