#pragma once
// RawSqliteFile: a SQLite file reached with plain Qt SQL, as an older build (or another program)
// would -- to make old-schema files and look at files without the code under test.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

class RawSqliteFile
{
public:
    //! Runs \a statements on \a path (created when missing), in order; false at the first error.
    static bool run(const QString &path, const QStringList &statements)
    {
        bool ok = true;
        withConnection(path, [&](QSqlDatabase &db) {
            for (const QString &sql : statements) {
                if (ok && !QSqlQuery(db).exec(sql)) {
                    qWarning("RawSqliteFile: %s failed", qPrintable(sql));
                    ok = false;
                }
            }
        });
        return ok;
    }

    //! The first column (or column \a field) of every row \a sql returns from \a path, joined by
    //! "\n".
    static QString column(const QString &path, const QString &sql, int field = 0)
    {
        QStringList out;
        withConnection(path, [&](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (q.exec(sql)) {
                while (q.next())
                    out << q.value(field).toString();
            }
        });
        return out.join(QLatin1Char('\n'));
    }

    //! The schema as SQLite keeps it ("type name: sql" by name), leaving out table \a except.
    static QString schema(const QString &path, const QString &except = QString())
    {
        return column(path, QStringLiteral("SELECT type || ' ' || name || ': ' || COALESCE(sql, '')"
                                           " FROM sqlite_master WHERE name <> '%1' ORDER BY name")
                                    .arg(except));
    }

private:
    template<typename Use>
    static void withConnection(const QString &path, Use use)
    {
        static int count = 0;
        const QString name = QStringLiteral("raw-sqlite-file-%1").arg(++count);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            if (db.open())
                use(db);
            else
                qWarning("RawSqliteFile: cannot open %s", qPrintable(path));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
};
