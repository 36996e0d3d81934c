using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gavel.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UserNormalizedDisplayName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Left empty for existing users: SQL cannot lower-case names the way .NET does (SQLite's lower() knows only
            // ASCII), so GavelDatabase.MigrateAsync fills the empty ones in .NET right after migrating.
            migrationBuilder.AddColumn<string>(
                name: "NormalizedDisplayName",
                table: "Users",
                type: "TEXT",
                maxLength: 60,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NormalizedDisplayName",
                table: "Users");
        }
    }
}
