#pragma once
// Bases of the test classes that write MessageStore files (tst_messagestore*, tst_messagemodel_paging):
// Qt Test runs the initTestCase(), init() and cleanup() slots a test class inherits, so the set-up
// is written once here. List this header in the test's SOURCES so that moc sees it.

#include "messagestore.h"
#include "messagestorefixtures.h"

#include <QObject>
#include <QStandardPaths>
#include <QTest>

#include <memory>

//! Files in a temporary folder of the test's own, with QStandardPaths in test mode so that
//! nothing reaches the user's real data.
class StoreFileTest : public QObject
{
    Q_OBJECT

protected:
    QString freshPath() { return m_files.freshPath(); }

    StoreFiles m_files;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_files.isValid()); // test mode is on from main() (testmain.h)
    }
};

//! For test classes whose every test works on a store of its own: opened on a fresh file before
//! each test (each data row), closed after it.
class FreshStoreTest : public StoreFileTest
{
    Q_OBJECT

protected:
    std::unique_ptr<MessageStore> m_store;

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<MessageStore>();
        QVERIFY2(m_store->open(freshPath()), qPrintable(m_store->errorString()));
    }
    void cleanup() { m_store.reset(); }
};
