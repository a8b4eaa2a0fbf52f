import { Migration } from '@mikro-orm/migrations';

// Hand-written (from the benchmark): `Voivodeship.institutionCounts` groups institutions by type
// where `left(municipality_code, 2) in (…)`. No index matched that expression, so every dashboard
// scanned the whole institution table (23 ms at the national scale, ~10× that at national10; see
// bench/README.md). An index on the same expression turns it into a scan of one voivodeship's rows.
export class Migration20261125090000 extends Migration {
  override up(): void {
    this.addSql('create index if not exists "institution_voivodeship_type_index" on "institution" ((left("municipality_code", 2)), "type");');
  }
}
