#include "cli/CliArgs.h"

namespace sonde::cli {

Args::Args(const QString& command, const QStringList& args, const QSet<QString>& valued, const QSet<QString>& flags)
    : m_command(command)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (!a.startsWith(QLatin1String("--")) || a == QLatin1String("--")) {
            m_positional << a;
        } else if (flags.contains(a)) {
            m_flags.insert(a);
        } else if (valued.contains(a)) {
            if (i + 1 >= args.size())
                throw UsageError{QStringLiteral("%1: %2 needs a value").arg(command, a)};
            m_values.insert(a, args[++i]);
        } else {
            throw UsageError{QStringLiteral("%1: unknown option %2").arg(command, a)};
        }
    }
}

QString Args::required(const QString& option) const
{
    if (!m_values.contains(option))
        throw UsageError{QStringLiteral("%1: %2 is required").arg(m_command, option)};
    return m_values.value(option);
}

int Args::integer(const QString& option, int fallback, int minimum) const
{
    if (!m_values.contains(option))
        return fallback;
    bool ok = false;
    const int v = m_values.value(option).toInt(&ok);
    if (!ok || v < minimum)
        throw UsageError{QStringLiteral("%1: %2 must be an integer ≥ %3").arg(m_command, option).arg(minimum)};
    return v;
}

double Args::number(const QString& option, double fallback) const
{
    if (!m_values.contains(option))
        return fallback;
    bool ok = false;
    const double v = m_values.value(option).toDouble(&ok);
    if (!ok)
        throw UsageError{QStringLiteral("%1: %2 must be a number").arg(m_command, option)};
    return v;
}

} // namespace sonde::cli
