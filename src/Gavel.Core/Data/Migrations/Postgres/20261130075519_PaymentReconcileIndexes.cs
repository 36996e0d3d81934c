using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gavel.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PaymentReconcileIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Withdrawals_Status",
                table: "Withdrawals");

            migrationBuilder.CreateIndex(
                name: "IX_Withdrawals_Status_RequestedAt",
                table: "Withdrawals",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Deposits_Status_RequestedAt",
                table: "Deposits",
                columns: new[] { "Status", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Withdrawals_Status_RequestedAt",
                table: "Withdrawals");

            migrationBuilder.DropIndex(
                name: "IX_Deposits_Status_RequestedAt",
                table: "Deposits");

            migrationBuilder.CreateIndex(
                name: "IX_Withdrawals_Status",
                table: "Withdrawals",
                column: "Status");
        }
    }
}
