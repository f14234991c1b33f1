#pragma once
// A small parser for `sonde-cli <command> --option value --flag` arguments.
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace sonde::cli {

class Args {
public:
    // `valued`: options that take a value; `flags`: options that do not.
    // Throws UsageError on an unknown option or a missing value.
    Args(const QString& command, const QStringList& args, const QSet<QString>& valued, const QSet<QString>& flags);

    bool has(const QString& option) const { return m_values.contains(option) || m_flags.contains(option); }
    QString text(const QString& option, const QString& fallback = QString()) const { return m_values.value(option, fallback); }
    QString required(const QString& option) const;
    int integer(const QString& option, int fallback, int minimum) const;
    double number(const QString& option, double fallback) const;
    const QStringList& positional() const { return m_positional; }

private:
    QString m_command;
    QMap<QString, QString> m_values;
    QSet<QString> m_flags;
    QStringList m_positional;
};

struct UsageError {
    QString message;
};

} // namespace sonde::cli
