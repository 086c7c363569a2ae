using System.Data;
using Dapper;
using Leanmote.Domain.Common;

namespace Leanmote.Infrastructure.Sql;

/// <summary>The only global Dapper configuration: snake_case names, typed ids and UTC instants.</summary>
public static class DapperSetup
{
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void Configure()
    {
        lock (Gate)
        {
            if (_done) return;
            DefaultTypeMap.MatchNamesWithUnderscores = true;
            SqlMapper.AddTypeHandler(new InstantHandler());
            foreach (var type in typeof(OrganizationId).Assembly.GetTypes()
                         .Where(t => t.IsValueType && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPublicId<>))))
            {
                var handler = (SqlMapper.ITypeHandler)Activator.CreateInstance(typeof(PublicIdHandler<>).MakeGenericType(type))!;
                SqlMapper.AddTypeHandler(type, handler);
            }
            _done = true;
        }
    }

    private sealed class PublicIdHandler<T> : SqlMapper.TypeHandler<T> where T : struct, IPublicId<T>
    {
        public override T Parse(object value) => T.From(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

        public override void SetValue(IDbDataParameter parameter, T value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.Value;
        }
    }

    /// <summary>timestamptz arrives as a UTC DateTime; the code speaks DateTimeOffset at offset zero.</summary>
    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            DateTimeOffset dto => dto.ToUniversalTime(),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as an instant"),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value.ToUniversalTime();
        }
    }
}
