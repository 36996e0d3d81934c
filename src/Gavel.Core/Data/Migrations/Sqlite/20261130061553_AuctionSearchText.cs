using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gavel.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuctionSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Left null for existing auctions: SQL can neither read a description's markup nor fold accents as
            // SearchFolding does, so GavelDatabase.MigrateAsync fills the null ones in .NET right after migrating
            // (AuctionSearchTexts). Null, not "", marks "not computed yet": "" is a real (if rare) folded value.
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Auctions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Auctions");
        }
    }
}
