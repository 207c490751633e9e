//! files.parquet, funds.parquet, indicators.parquet, facts.parquet, findings.parquet: the
//! CSV tables with types (text as UTF-8 strings, counts and positions as INT64, amounts
//! and rates as DOUBLE, `met` as BOOLEAN, JSON as strings), for DuckDB, pandas, Spark.
//! Same files, same columns, same values as the CSVs.
//!
//! Written with the parquet crate's own column writers, not through Arrow: the rows are
//! already typed, and Arrow would bring a dozen more crates to build for no gain. Values
//! wait in memory for one row group ([`ROW_GROUP`] rows), then go to the file, GZIP
//! compressed (through flate2, which the zip reader already builds).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::{ColumnWriter, ColumnWriterImpl};
use parquet::data_type::{ByteArray, DataType};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::csv::field;
use super::rows::{at, Table, Ty, Val};
use super::{TableFile, TableFiles};
use crate::value::num_json;

/// Rows kept before they are written as a row group.
pub const ROW_GROUP: usize = 65_536;

/// The values of one column waiting for the next row group, with their definition
/// levels (1: a value, 0: null).
enum Column {
    Text(Vec<ByteArray>, Vec<i16>),
    Int(Vec<i64>, Vec<i16>),
    Num(Vec<f64>, Vec<i16>),
    Bool(Vec<bool>, Vec<i16>),
}

impl Column {
    fn new(ty: Ty) -> Column {
        match ty {
            Ty::Text | Ty::Json => Column::Text(Vec::new(), Vec::new()),
            Ty::Int => Column::Int(Vec::new(), Vec::new()),
            Ty::Num => Column::Num(Vec::new(), Vec::new()),
            Ty::Bool => Column::Bool(Vec::new(), Vec::new()),
        }
    }

    fn push(&mut self, v: &Val) {
        let def = i16::from(!matches!(v, Val::Null));
        match (&mut *self, v) {
            (_, Val::Null) => {}
            (Column::Int(vals, _), Val::Int(i)) => vals.push(*i),
            (Column::Num(vals, defs), Val::Num(x)) => match num_json(*x).as_f64() {
                Some(x) => vals.push(x),
                None => {
                    defs.push(0);
                    return;
                }
            },
            (Column::Bool(vals, _), Val::Bool(b)) => vals.push(*b),
            (Column::Text(vals, _), v) => vals.push(ByteArray::from(field(v).into_bytes())),
            // A value of another type than its column is declared with is a defect of
            // the row layer (its tests check the types): it is written as null.
            (c, _) => {
                c.defs().push(0);
                return;
            }
        }
        self.defs().push(def);
    }

    fn defs(&mut self) -> &mut Vec<i16> {
        match self {
            Column::Text(_, d) | Column::Int(_, d) | Column::Num(_, d) | Column::Bool(_, d) => d,
        }
    }

    /// Writes the waiting values and empties the column.
    fn write(&mut self, w: &mut ColumnWriter) -> Result<(), ParquetError> {
        match (self, w) {
            (Column::Text(v, d), ColumnWriter::ByteArrayColumnWriter(w)) => put(w, v, d),
            (Column::Int(v, d), ColumnWriter::Int64ColumnWriter(w)) => put(w, v, d),
            (Column::Num(v, d), ColumnWriter::DoubleColumnWriter(w)) => put(w, v, d),
            (Column::Bool(v, d), ColumnWriter::BoolColumnWriter(w)) => put(w, v, d),
            _ => Err(ParquetError::General("column type".into())),
        }
    }
}

fn put<T: DataType>(
    w: &mut ColumnWriterImpl<T>,
    values: &mut Vec<T::T>,
    defs: &mut Vec<i16>,
) -> Result<(), ParquetError> {
    w.write_batch(values, Some(defs), None)?;
    values.clear();
    defs.clear();
    Ok(())
}

/// The Parquet schema of a table's chosen columns: every column optional.
fn schema(table: &Table, pick: &[usize]) -> Result<Type, ParquetError> {
    let fields = pick
        .iter()
        .map(|&i| {
            let c = table
                .columns
                .get(i)
                .ok_or_else(|| ParquetError::General(format!("{}: column {i}", table.name)))?;
            let (physical, logical, converted) = match c.ty {
                Ty::Text | Ty::Json => (
                    Physical::BYTE_ARRAY,
                    Some(LogicalType::String),
                    ConvertedType::UTF8,
                ),
                Ty::Int => (Physical::INT64, None, ConvertedType::NONE),
                Ty::Num => (Physical::DOUBLE, None, ConvertedType::NONE),
                Ty::Bool => (Physical::BOOLEAN, None, ConvertedType::NONE),
            };
            Type::primitive_type_builder(c.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .with_converted_type(converted)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
}

/// One Parquet file being written.
pub struct Out {
    table: &'static Table,
    pick: Vec<usize>,
    columns: Vec<Column>,
    rows: usize,
    w: SerializedFileWriter<File>,
}

impl Out {
    fn create(
        dir: &Path,
        name: &str,
        table: &'static Table,
        spec: &[&str],
    ) -> Result<Out, ParquetError> {
        let pick = table.pick(spec);
        let props = WriterProperties::builder()
            .set_compression(Compression::GZIP(Default::default()))
            .build();
        let file = File::create(dir.join(name))?;
        let w = SerializedFileWriter::new(file, Arc::new(schema(table, &pick)?), Arc::new(props))?;
        let columns = pick
            .iter()
            .map(|&i| Column::new(table.columns.get(i).map_or(Ty::Text, |c| c.ty)))
            .collect();
        Ok(Out {
            table,
            pick,
            columns,
            rows: 0,
            w,
        })
    }

    fn add(&mut self, row: &[Val]) -> Result<(), ParquetError> {
        for (c, &i) in self.columns.iter_mut().zip(&self.pick) {
            c.push(at(row, i));
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.w.next_row_group()?;
        let mut columns = self.columns.iter_mut();
        while let Some(mut col) = group.next_column()? {
            if let Some(c) = columns.next() {
                c.write(col.untyped())?;
            }
            col.close()?;
        }
        group.close()?;
        self.rows = 0;
        Ok(())
    }

    fn end(mut self) -> Result<(), ParquetError> {
        self.flush()?;
        self.w.close().map(|_| ())
    }
}

fn io(e: ParquetError) -> std::io::Error {
    std::io::Error::other(e)
}

impl TableFile for Out {
    fn table(&self) -> &'static Table {
        self.table
    }

    fn push(&mut self, row: &[Val]) -> std::io::Result<()> {
        self.add(row).map_err(io)
    }

    fn close(self) -> std::io::Result<()> {
        self.end().map_err(io)
    }
}

/// The five Parquet files, written a record at a time.
pub fn create(dir: &Path) -> std::io::Result<TableFiles<Out>> {
    TableFiles::create(|stem, table, columns| {
        Out::create(dir, &format!("{stem}.parquet"), table, columns).map_err(io)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::rows;

    #[test]
    fn schemas_follow_the_csv_columns_and_types() {
        for (name, table, spec) in crate::output::csv::FLAT_FILES {
            let pick = table.pick(spec);
            let s = schema(table, &pick).expect(name);
            let fields = s.get_fields();
            assert_eq!(fields.len(), pick.len(), "{name}");
            for (f, n) in fields.iter().zip(table.names(&pick)) {
                assert_eq!(f.name(), n);
            }
        }
        let funds = schema(
            &rows::FUNDS,
            &rows::FUNDS.pick(&["budget", "year", "label"]),
        )
        .expect("schema");
        let types: Vec<Physical> = funds
            .get_fields()
            .iter()
            .map(|f| f.get_physical_type())
            .collect();
        assert_eq!(
            types,
            [Physical::DOUBLE, Physical::INT64, Physical::BYTE_ARRAY]
        );
    }

    #[test]
    fn values_wait_for_their_row_group_with_nulls_marked() {
        let mut c = Column::new(Ty::Num);
        for v in [Val::Num(1.5), Val::Null, Val::Num(f64::NAN), Val::Int(3)] {
            c.push(&v);
        }
        match c {
            Column::Num(vals, defs) => {
                assert_eq!(vals, [1.5]);
                assert_eq!(defs, [1, 0, 0, 0]);
            }
            _ => panic!("a number column"),
        }
    }
}
