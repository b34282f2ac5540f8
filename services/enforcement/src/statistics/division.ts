// Division codes and their levels (`141181` → `14`, `1411`, `141181`) are shared with the list
// queries' `withinDivision` filter of every service, so they live in the lifecycle package.
export { divisionLevels, significantDivision as significantCode } from '@landcase/lifecycle';
