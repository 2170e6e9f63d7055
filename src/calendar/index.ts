export {
  holidaysBetween,
  holidaysInYear,
  TRADING_HOLIDAY_TYPES,
  type HolidayDate,
  type HolidayType,
} from "./holidays";
